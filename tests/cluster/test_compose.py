"""docker-compose.yml and scripts/cluster.py describe the same topology: compose cannot run here,
so the two are held together by reading them."""

from __future__ import annotations

import re

import yaml

from tests.cluster.conftest import ROOT, topology


def _services() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())["services"]


def test_every_role_of_the_cluster_is_a_compose_service_and_back():
    hosts = {host for hosts in topology.ROLES.values() for host in hosts}
    jobs = {job for jobs in topology.JOBS.values() for job in jobs}
    assert set(_services()) == hosts | jobs


def test_the_roles_run_the_same_commands():
    services = _services()
    for host in topology.ROLES["web"]:
        assert services[host]["command"].startswith("gunicorn -c config/gunicorn.py config.wsgi")
        assert services[host]["environment"]["DATABASE_REPLICA_URL"].startswith(
            "postgres://portal:portal@postgres-replica:"
        )
    for host in topology.ROLES["worker"]:
        assert services[host]["command"].startswith("celery -A config worker")
    (beat,) = topology.ROLES["beat"]
    assert services[beat]["command"].startswith("celery -A config beat")
    beats = [name for name, s in services.items() if " beat" in str(s.get("command", ""))]
    assert beats == [beat], "beat must run exactly once"
    assert "pg_basebackup" in " ".join(services["postgres-replica"]["command"])


def test_haproxy_balances_the_web_hosts_with_the_committed_config():
    (proxy,) = topology.ROLES["proxy"]
    service = _services()[proxy]
    assert "./config/haproxy.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro" in service["volumes"]
    config = (ROOT / "config" / "haproxy.cfg").read_text()
    servers = re.findall(r"^\s+server (\S+) \"\$\{(\w+)\}\"", config, flags=re.MULTILINE)
    assert [name for name, _ in servers] == list(topology.ROLES["web"])
    assert {variable for _, variable in servers} <= set(service["environment"])
    assert "uri /health/?format=json" in config
