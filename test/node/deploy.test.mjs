// The deployment files in deploy/ and the Dockerfile, checked by the tools that will read
// them: systemd's own verifier, Caddy's Caddyfile adapter, `nginx -t` (with a certificate made
// here), and a YAML parser for the compose file. No Docker daemon runs these tests: the
// Dockerfile's promises (non-root, a volume, a health check) are checked in its text.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

/** Runs a tool; a missing one fails with what to install (.ci/run installs them). */
function run(command, args) {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error?.code === 'ENOENT') assert.fail(`${command} is not installed: apt-get install nginx-light caddy systemd (.ci/run does)`);
  return result;
}

describe('deployment files', () => {
  it('has a systemd unit that systemd-analyze verifies, hardened, running as a dynamic user', () => {
    const result = run('systemd-analyze', ['verify', 'deploy/comment-thread-server.service']);
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr.trim(), '', 'no warnings');
    const unit = read('deploy/comment-thread-server.service');
    for (const line of ['DynamicUser=yes', 'ProtectSystem=strict', 'NoNewPrivileges=yes', 'StateDirectory=comment-thread', 'SystemCallFilter=@system-service']) {
      assert.match(unit, new RegExp(`^${line}$`, 'm'), line);
    }
    assert.match(unit, /--trust-proxy 1/);
  });

  it('has a Caddyfile that Caddy adapts, flushing event streams at once', () => {
    const result = run('caddy', ['adapt', '--config', 'deploy/Caddyfile', '--adapter', 'caddyfile']);
    assert.equal(result.status, 0, result.stderr);
    const config = JSON.parse(result.stdout);
    const handlers = JSON.stringify(config.apps.http.servers);
    assert.match(handlers, /"flush_interval":-1,"handler":"reverse_proxy","upstreams":\[\{"dial":"127.0.0.1:8787"\}\]/);
  });

  it('has an nginx server block that nginx -t accepts, with event streams unbuffered', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ct-nginx-'));
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-subj', '/CN=comments.blog.example', '-days', '1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')], { stdio: 'ignore' });
      const site = read('deploy/nginx.conf')
        .replace('/etc/letsencrypt/live/comments.blog.example/fullchain.pem', join(dir, 'cert.pem'))
        .replace('/etc/letsencrypt/live/comments.blog.example/privkey.pem', join(dir, 'key.pem'));
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${join(dir, 'nginx.pid')};\nerror_log ${join(dir, 'error.log')};\nevents {}\nhttp {\n  access_log off;\n${site}\n}\n`,
      );
      const result = run('nginx', ['-t', '-q', '-p', dir, '-c', join(dir, 'nginx.conf')]);
      assert.equal(result.status, 0, result.stderr);
      assert.match(site, /location ~ \^\/api\/\(admin\/\)\?events\$ \{\s+proxy_pass http:\/\/comment_thread;\s+proxy_buffering off;/);
      assert.match(site, /proxy_set_header X-Forwarded-Proto \$scheme;/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('has a compose file with the server on PostgreSQL, secrets from the environment, the database healthy first', () => {
    const compose = parse(read('deploy/compose.yaml'));
    const { comments, db } = compose.services;
    assert.equal(comments.build.dockerfile, 'Dockerfile');
    assert.match(comments.environment.COMMENT_DB, /^postgres:\/\/comments:\$\{POSTGRES_PASSWORD:\?[^}]+\}@db:5432\/comments$/);
    assert.match(comments.environment.COMMENT_ADMIN_TOKEN, /^\$\{COMMENT_ADMIN_TOKEN:\?/);
    assert.equal(comments.environment.COMMENT_TRUST_PROXY, '1');
    assert.deepEqual(comments.depends_on, { db: { condition: 'service_healthy' } });
    assert.deepEqual(comments.ports, ['127.0.0.1:8787:8787'], 'the server is reachable from the host only, behind its proxy');
    assert.equal(comments.read_only, true);
    assert.deepEqual(comments.cap_drop, ['ALL']);
    assert.match(db.image, /^postgres:\d+/);
    assert.deepEqual(db.healthcheck.test, ['CMD-SHELL', 'pg_isready -U comments -d comments']);
    assert.ok(compose.volumes && 'postgres' in compose.volumes);
  });

  it('has a Dockerfile that builds in one stage and runs as a non-root user with a volume and a health check in another', () => {
    const docker = read('Dockerfile');
    const stages = docker.match(/^FROM .+$/gm);
    assert.equal(stages.length, 2);
    const runtime = docker.slice(docker.lastIndexOf('\nFROM '));
    assert.match(runtime, /^USER node$/m);
    assert.match(runtime, /^VOLUME \/data$/m);
    assert.match(runtime, /COMMENT_DB=sqlite:\/data\/comments\.db/);
    assert.match(runtime, /^HEALTHCHECK .*\n\s+CMD \[.*\/api\/health/m);
    assert.match(runtime, /^CMD \["node", "dist\/cli\.js"\]$/m);
    assert.doesNotMatch(runtime, /npm ci|apt-get/, 'nothing is built in the runtime stage');
    // Everything the build stage copies exists in the repository.
    for (const [, sources] of docker.matchAll(/^COPY (?!--from)(.+) \S+$/gm)) {
      for (const source of sources.split(' ')) assert.ok(existsSync(new URL(`../../${source}`, import.meta.url)), `${source} is in the repository`);
    }
  });
});
