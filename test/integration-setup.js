'use strict';
// Each integration test file gets its own consumer groups, so services it boots never share
// partitions with another file's (or a running stack's) consumers on the test broker.
process.env.KAFKA_CONSUMER_GROUP_SUFFIX = `.it-${Math.random().toString(36).slice(2, 10)}`;
// ...and starts at the end of the topics rather than replaying everything earlier files produced.
process.env.KAFKA_CONSUMER_START_AT_LATEST = 'true';
