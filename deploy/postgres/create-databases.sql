-- One database per service (the same list as scripts/infra.js SERVICES).
CREATE DATABASE tellonce_referrals;
CREATE DATABASE tellonce_consent;
CREATE DATABASE tellonce_plans;
CREATE DATABASE tellonce_notifications;
CREATE DATABASE tellonce_timeline;
CREATE DATABASE tellonce_gateway;
