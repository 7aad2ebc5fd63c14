import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments, parse } from 'yaml';

// docker-compose.yml and deploy/k8s must describe the same topology as `npm start`. There is no
// Docker engine (nor compose plugin) on the build machines, so this checks their structure.
const root = path.resolve(__dirname, '../..');
const APPS = ['gateway', 'referrals', 'consent', 'plans', 'notifications', 'timeline'];
const topics = JSON.parse(fs.readFileSync(path.join(root, 'deploy/kafka/topics.json'), 'utf8'));

interface ComposeService {
  image?: string;
  build?: unknown;
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  depends_on?: unknown;
}

describe('docker-compose.yml', () => {
  const compose = parse(fs.readFileSync(path.join(root, 'docker-compose.yml'), 'utf8'), { merge: true }) as { services: Record<string, ComposeService> };

  it('runs Kafka 3.9.1 in KRaft mode, PostgreSQL and Redis', () => {
    expect(compose.services['kafka'].image).toBe('apache/kafka:3.9.1');
    expect(compose.services['kafka'].environment?.['KAFKA_PROCESS_ROLES']).toBe('broker,controller');
    expect(compose.services['kafka'].environment?.['KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS']).toBe(0);
    expect(compose.services['postgres'].image).toMatch(/^postgres:/);
    expect(compose.services['redis'].image).toMatch(/^redis:/);
  });

  it('creates topics from the one topic list', () => {
    expect(compose.services['kafka-init'].command).toEqual(['node', 'scripts/create-topics.js']);
    expect(fs.existsSync(path.join(root, 'scripts/create-topics.js'))).toBe(true);
    expect(topics.topics.length).toBeGreaterThan(0);
  });

  it.each(APPS)('has a %s container built from the Dockerfile with the shared variables', (app) => {
    const service = compose.services[app];
    expect(service.build).toBe('.');
    expect(service.environment?.['SERVICE']).toBe(app);
    expect(service.environment?.['KAFKA_BROKERS']).toBe('kafka:9092');
    expect(service.environment?.['REDIS_URL']).toBe('redis://redis:6379');
    if (app !== 'gateway') expect(service.environment?.['DATABASE_URL']).toContain(`/tellonce_${app}`);
  });

  it('creates a database per service', () => {
    const sql = fs.readFileSync(path.join(root, 'deploy/postgres/create-databases.sql'), 'utf8');
    for (const app of APPS) expect(sql).toContain(`tellonce_${app}`);
  });
});

describe('deploy/k8s', () => {
  const docs = parseAllDocuments(fs.readFileSync(path.join(root, 'deploy/k8s/tellonce.yaml'), 'utf8')).map((d) => d.toJS());

  it.each(APPS)('deploys %s as stateless replicas with probes and resources', (app) => {
    const deployment = docs.find((d) => d.kind === 'Deployment' && d.metadata.name === app);
    expect(deployment).toBeDefined();
    expect(deployment.spec.replicas).toBeGreaterThanOrEqual(2);
    const container = deployment.spec.template.spec.containers[0];
    expect(container.readinessProbe.httpGet.path).toBe('/health/ready');
    expect(container.livenessProbe.httpGet.path).toBe('/health/live');
    expect(container.resources.limits.memory).toBeDefined();
    expect(docs.some((d) => d.kind === 'Service' && d.metadata.name === app)).toBe(true);
  });

  it('uses external infrastructure and OIDC in production', () => {
    const config = docs.find((d) => d.kind === 'ConfigMap');
    expect(config.data.AUTH_MODE).toBe('oidc');
    // The gateway reads the provider's discovery document from the issuer, and refuses to start without an address there.
    expect(new URL(config.data.AUTH_ISSUER).protocol).toBe('https:');
    expect(config.data.OIDC_CLIENT_ID).toBe('tellonce-console');
    expect(config.data.WEBHOOK_ALLOW_INSECURE).toBe('false');
    expect(docs.some((d) => d.kind === 'Job' && d.spec.template.spec.containers[0].command.join(' ') === 'node scripts/create-topics.js')).toBe(true);
  });
});
