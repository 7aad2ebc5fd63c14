'use strict';
// Brings up the real infrastructure TellOnce needs on this machine: PostgreSQL (one database per
// service), Redis and an Apache Kafka 3.9.1 KRaft broker run from Maven Central jars with plain
// `java`. Used by `npm start`, `npm test` and CI. Idempotent: what is already up is left alone.
const { execSync, spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');

const ROOT = path.resolve(__dirname, '..');
const SERVICES = ['referrals', 'consent', 'plans', 'notifications', 'timeline', 'gateway'];
const KAFKA_VERSION = '3.9.1';

function log(msg) {
  process.stdout.write(`[infra] ${msg}\n`);
}

function settings(env = process.env) {
  const brokers = env.KAFKA_BROKERS || '127.0.0.1:9092';
  const [host, port] = brokers.split(',')[0].split(':');
  return {
    pg: {
      host: env.PGHOST || '127.0.0.1',
      port: Number(env.PGPORT || 5432),
      user: env.PGUSER || 'postgres',
      password: env.PGPASSWORD || '',
      dbPrefix: env.DB_PREFIX || 'tellonce',
    },
    redisUrl: env.REDIS_URL || 'redis://127.0.0.1:6379',
    kafka: {
      brokers,
      host,
      port: Number(port),
      controllerPort: Number(port) + 1,
      home: env.KAFKA_HOME || path.join(os.homedir(), '.cache', 'tellonce', `kafka-${KAFKA_VERSION}`),
      dataDir: env.KAFKA_DATA_DIR || path.join(ROOT, '.tellonce', `kafka-${port}`),
      heap: env.KAFKA_HEAP || '512m',
    },
  };
}

function portOpen(host, port, timeoutMs = 500) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function waitFor(what, check, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`${what} did not become ready within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function ensurePostgres(cfg) {
  if (!(await portOpen(cfg.host, cfg.port))) {
    log('PostgreSQL is not answering; starting the local cluster');
    const version = fs.readdirSync('/etc/postgresql')[0];
    execSync(`pg_ctlcluster --skip-systemctl-redirect ${version} main start`, { stdio: 'inherit' });
    await waitFor('PostgreSQL', () => portOpen(cfg.host, cfg.port), 30_000);
  }
  const { Client } = require('pg');
  const client = new Client({ host: cfg.host, port: cfg.port, user: cfg.user, password: cfg.password, database: 'postgres' });
  await client.connect();
  try {
    for (const service of SERVICES) {
      const db = `${cfg.dbPrefix}_${service}`;
      const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
      if (found.rowCount === 0) {
        await client.query(`CREATE DATABASE "${db}"`);
        log(`created database ${db}`);
      }
    }
  } finally {
    await client.end();
  }
}

async function dropDatabases(cfg) {
  const { Client } = require('pg');
  const client = new Client({ host: cfg.host, port: cfg.port, user: cfg.user, password: cfg.password, database: 'postgres' });
  await client.connect();
  try {
    for (const service of SERVICES) {
      await client.query(`DROP DATABASE IF EXISTS "${cfg.dbPrefix}_${service}" WITH (FORCE)`);
    }
  } finally {
    await client.end();
  }
}

async function ensureRedis(url) {
  const { hostname, port } = new URL(url);
  if (await portOpen(hostname, Number(port || 6379))) return;
  log('Redis is not answering; starting it');
  execSync(
    `redis-server --daemonize yes --bind 127.0.0.1 -::1 --port ${port || 6379} --save "" --appendonly no --dir /tmp`,
    { stdio: 'inherit' },
  );
  await waitFor('Redis', () => portOpen(hostname, Number(port || 6379)), 15_000);
}

function resolveKafkaJars(home) {
  const libs = path.join(home, 'libs');
  if (fs.existsSync(path.join(libs, `kafka_2.13-${KAFKA_VERSION}.jar`))) return libs;
  log(`resolving Kafka ${KAFKA_VERSION} jars from Maven Central into ${libs}`);
  const result = spawnSync(
    'mvn',
    ['-q', '-B', 'dependency:copy-dependencies', `-DoutputDirectory=${libs}`, '-DincludeScope=runtime'],
    { cwd: path.join(ROOT, 'deploy', 'kafka'), stdio: 'inherit' },
  );
  if (result.status !== 0) throw new Error('mvn could not resolve the Kafka broker jars');
  return libs;
}

function writeKafkaConfig(k) {
  fs.mkdirSync(k.dataDir, { recursive: true });
  const props = [
    'process.roles=broker,controller',
    'node.id=1',
    `controller.quorum.voters=1@127.0.0.1:${k.controllerPort}`,
    `listeners=PLAINTEXT://127.0.0.1:${k.port},CONTROLLER://127.0.0.1:${k.controllerPort}`,
    `advertised.listeners=PLAINTEXT://127.0.0.1:${k.port}`,
    'controller.listener.names=CONTROLLER',
    'listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
    'inter.broker.listener.name=PLAINTEXT',
    `log.dirs=${path.join(k.dataDir, 'logs')}`,
    'num.partitions=6',
    'offsets.topic.replication.factor=1',
    'offsets.topic.num.partitions=6',
    'transaction.state.log.replication.factor=1',
    'transaction.state.log.min.isr=1',
    'group.initial.rebalance.delay.ms=0',
    'auto.create.topics.enable=false',
    'log.retention.check.interval.ms=300000',
  ].join('\n');
  const propsFile = path.join(k.dataDir, 'server.properties');
  fs.writeFileSync(propsFile, props + '\n');
  const log4j = [
    'log4j.rootLogger=WARN, file',
    'log4j.appender.file=org.apache.log4j.RollingFileAppender',
    `log4j.appender.file.File=${path.join(k.dataDir, 'broker.log')}`,
    'log4j.appender.file.MaxFileSize=10MB',
    'log4j.appender.file.MaxBackupIndex=2',
    'log4j.appender.file.layout=org.apache.log4j.PatternLayout',
    'log4j.appender.file.layout.ConversionPattern=[%d] %p %m (%c)%n',
    'log4j.logger.kafka=INFO',
  ].join('\n');
  fs.writeFileSync(path.join(k.dataDir, 'log4j.properties'), log4j + '\n');
  return propsFile;
}

function javaArgs(k, libs, mainClass, args) {
  return [
    `-Xms128m`,
    `-Xmx${k.heap}`,
    '-XX:+UseG1GC',
    '-XX:TieredStopAtLevel=1',
    `-Dlog4j.configuration=file:${path.join(k.dataDir, 'log4j.properties')}`,
    '-cp',
    `${libs}/*`,
    mainClass,
    ...args,
  ];
}

async function kafkaReady(brokers, timeoutMs) {
  const { Kafka, logLevel } = require('kafkajs');
  const kafka = new Kafka({ clientId: 'tellonce-infra', brokers: brokers.split(','), logLevel: logLevel.NOTHING, retry: { retries: 0 } });
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.describeCluster();
      return admin;
    } catch (e) {
      await admin.disconnect().catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`Kafka at ${brokers} did not become ready: ${e.message}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

/** Starts the broker unless one already answers; returns the pid it started, or null. */
async function ensureKafka(k) {
  if (await portOpen(k.host, k.port)) {
    log(`Kafka already answering on ${k.host}:${k.port}`);
    return null;
  }
  const libs = resolveKafkaJars(k.home);
  const propsFile = writeKafkaConfig(k);
  if (!fs.existsSync(path.join(k.dataDir, 'logs', 'meta.properties'))) {
    const clusterId = 'tellonce-' + Buffer.from(k.dataDir).toString('base64url').slice(-13);
    const fmt = spawnSync('java', javaArgs(k, libs, 'kafka.tools.StorageTool', ['format', '-t', uuidForKafka(clusterId), '-c', propsFile, '--ignore-formatted']), { encoding: 'utf8' });
    if (fmt.status !== 0) throw new Error(`Kafka storage format failed: ${fmt.stderr || fmt.stdout}`);
  }
  const out = fs.openSync(path.join(k.dataDir, 'broker.out'), 'a');
  const child = spawn('java', javaArgs(k, libs, 'kafka.Kafka', [propsFile]), { detached: true, stdio: ['ignore', out, out] });
  child.unref();
  fs.writeFileSync(path.join(k.dataDir, 'broker.pid'), String(child.pid));
  log(`Kafka ${KAFKA_VERSION} starting (pid ${child.pid}) on ${k.host}:${k.port}`);
  return child.pid;
}

// Kafka cluster ids are 16 random bytes in base64url (22 chars); derive a stable one per data dir.
function uuidForKafka(seed) {
  const crypto = require('node:crypto');
  return crypto.createHash('sha256').update(seed).digest().subarray(0, 16).toString('base64url');
}

function readTopicList() {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'deploy', 'kafka', 'topics.json'), 'utf8'));
}

async function ensureTopics(admin) {
  const list = readTopicList();
  const existing = new Set(await admin.listTopics());
  await alignTopicConfigs(admin, list.topics.filter((t) => existing.has(t.name) && t.config));
  const missing = list.topics.filter((t) => !existing.has(t.name));
  if (missing.length === 0) return;
  await admin.createTopics({
    waitForLeaders: true,
    topics: missing.map((t) => ({
      topic: t.name,
      numPartitions: t.partitions || list.defaults.partitions,
      replicationFactor: t.replicationFactor || list.defaults.replicationFactor,
      configEntries: Object.entries(t.config || {}).map(([name, value]) => ({ name, value: String(value) })),
    })),
  });
  log(`created topics: ${missing.map((t) => t.name).join(', ')}`);
}

// Topics that exist already get the list's settings too (e.g. a retention changed in topics.json),
// so the one list stays true for running clusters, not only new ones. Partition counts are left alone.
async function alignTopicConfigs(admin, topics) {
  if (topics.length === 0) return;
  const { ConfigResourceTypes } = require('kafkajs');
  const described = await admin.describeConfigs({
    includeSynonyms: false,
    resources: topics.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name, configNames: Object.keys(t.config) })),
  });
  const drifted = topics.filter((t) => {
    const entries = described.resources.find((r) => r.resourceName === t.name)?.configEntries ?? [];
    return Object.entries(t.config).some(([name, value]) => entries.find((e) => e.configName === name)?.configValue !== String(value));
  });
  if (drifted.length === 0) return;
  await admin.alterConfigs({
    validateOnly: false,
    resources: drifted.map((t) => ({ type: ConfigResourceTypes.TOPIC, name: t.name, configEntries: Object.entries(t.config).map(([name, value]) => ({ name, value: String(value) })) })),
  });
  log(`updated topic settings: ${drifted.map((t) => t.name).join(', ')}`);
}

async function up({ freshKafka = false, freshDatabases = false } = {}) {
  const s = settings();
  if (freshKafka) {
    await stopKafka(s.kafka);
    fs.rmSync(s.kafka.dataDir, { recursive: true, force: true });
  }
  if (freshDatabases) await dropDatabases(s.pg);
  await Promise.all([ensurePostgres(s.pg), ensureRedis(s.redisUrl)]);
  const startedPid = await ensureKafka(s.kafka);
  const admin = await kafkaReady(s.kafka.brokers, 90_000);
  try {
    await ensureTopics(admin);
  } finally {
    await admin.disconnect();
  }
  log('infrastructure ready');
  return { kafkaPid: startedPid };
}

async function stopKafka(k) {
  const pidFile = path.join(k.dataDir, 'broker.pid');
  if (!fs.existsSync(pidFile)) return;
  const pid = Number(fs.readFileSync(pidFile, 'utf8'));
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    try {
      process.kill(pid, 0);
      await new Promise((r) => setTimeout(r, 200));
    } catch {
      break;
    }
  }
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    /* already gone */
  }
  fs.rmSync(pidFile, { force: true });
  log(`Kafka (pid ${pid}) stopped`);
}

module.exports = { up, stopKafka, settings, ensureKafka, kafkaReady, ensureTopics, readTopicList, SERVICES, portOpen, waitFor };

if (require.main === module) {
  const cmd = process.argv[2] || 'up';
  const s = settings();
  const run = cmd === 'down' ? () => stopKafka(s.kafka) : () => up({ freshKafka: process.argv.includes('--fresh'), freshDatabases: process.argv.includes('--fresh') });
  run().catch((e) => {
    process.stderr.write(`[infra] ${e.message}\n`);
    process.exit(1);
  });
}
