"""Load and overload for `make bench`: virtual users, the knee, and behaviour past it.

1. Steps: virtual users (10 up to 200) each run a loop of real visits with a short think time:
   anonymous visitors browse, search and filter; signed-in members (real sessions) also fetch a
   page for its CSRF token and register for a meeting or decline it, and declare their
   organisation's support or withdraw it. Per step: users, requests/s, p50 and p95 latency,
   errors (anything but 2xx/3xx, 429 and 503; timeouts; connection errors) and the statuses.
2. The knee: the rate (requests/s) at which p95 crosses 500 ms, interpolated between steps.
3. Overload: requests arrive at twice the knee rate (open loop: they keep coming whatever the
   answers) for a minute. The portal must answer only 2xx/3xx, 429 or 503 - no 500s, no
   timeouts, no connection errors.
4. Recovery: at half the knee rate, the seconds after the overload until a two-second window
   has p95 under 500 ms again (60 s at most).

Called by bench/run.py with the portal served by gunicorn; ``prepare()`` needs Django set up.
BENCH_QUICK=1 runs short steps.
"""

from __future__ import annotations

import asyncio
import random
import re
import time
from dataclasses import dataclass, field
from typing import Any

from benchdb import session_cookie
from support import QUICK, log

STEPS = (10, 50, 100, 200) if QUICK else (10, 25, 50, 100, 150, 200)
STEP_SECONDS = 4 if QUICK else 20
WARM_UP_SECONDS = 2 if QUICK else 10
SHED_SHARE = 0.01
OVERLOAD_SECONDS = 10 if QUICK else 60
RECOVERY_LIMIT_SECONDS = 60
WINDOW_SECONDS = 2
KNEE_MS = 500
TIMEOUT_SECONDS = 10
SIGNED_IN_SHARE = 0.3
THINK_SECONDS = (0.2, 0.8)
ACCEPTED = {429, 503}
PEOPLE = 200
EMAIL = "load-{}@bench.invalid"

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')


# --- The people and the pages (in the Django process) -----------------------------------------


@dataclass
class Person:
    cookie: str
    organisation: str
    csrf: str = ""
    csrf_cookie: str = ""
    registered: bool = False
    supports: bool = False
    busy: bool = False  # one request at a time per account, as a person in a browser


@dataclass
class Site:
    browse: list[str]
    searches: list[str]
    filters: list[str]
    meeting: str
    people: list[Person] = field(default_factory=list)


def prepare(paths: dict[str, str]) -> Site:
    """Members with sessions: each the admin of an organisation and a member of the body whose
    public meeting they register for."""
    from django.utils import timezone

    from accounts.models import Membership, Organisation, OrganisationKind, Role, User
    from forum.models import Constituency, Meeting, Member, MemberRole

    meeting = Meeting.objects.public().upcoming().select_related("body").first()
    if meeting is None:
        raise RuntimeError("the seeded database has no public upcoming meeting")
    people = []
    for number in range(PEOPLE):
        email = EMAIL.format(number)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create(email=email, name=f"Load {number}")
            organisation = Organisation.objects.create(
                name=f"Load organisation {number}",
                kind=OrganisationKind.ENTERPRISE,
                size_class="small",
                country="BE",
            )
            Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
            Member.objects.create(
                body=meeting.body,
                user=user,
                constituency=Constituency.BUSINESS,
                role=MemberRole.MEMBER,
                start_date=timezone.localdate(),
            )
        organisation = Membership.objects.select_related("organisation").get(user=user).organisation
        people.append(Person(cookie=session_cookie(user), organisation=organisation.slug))
    browse = [
        path
        for name, path in paths.items()
        if name in {"home", "alliance_stats", "meetings", "meeting", "commitments_dashboard"}
        or name == "practice"
    ]
    words = ["energy", "supply chain", "diversity", "training", "water", "reporting", "sme"]
    return Site(
        browse=browse,
        searches=[f"/knowledge/?q={word.replace(' ', '+')}" for word in words],
        filters=[
            "/knowledge/?type=guide&type=checklist",
            "/knowledge/?theme=eco-efficiency",
            "/knowledge/?type=handbook&language=en",
            "/forum/meetings/",
        ],
        meeting=meeting.get_absolute_url(),
        people=people,
    )


# --- Measuring ----------------------------------------------------------------------------------


@dataclass
class Tally:
    started: float = field(default_factory=time.monotonic)
    latencies: list[tuple[float, float]] = field(default_factory=list)  # (finished at, seconds)
    statuses: dict[str, int] = field(default_factory=dict)
    errors: int = 0

    def add(self, status: str, seconds: float, ok: bool) -> None:
        self.latencies.append((time.monotonic(), seconds))
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if not ok:
            self.errors += 1

    def summary(self, seconds: float) -> dict[str, Any]:
        values = sorted(latency for _, latency in self.latencies)
        return {
            "rps": round(len(values) / seconds, 1),
            "p50_ms": round(_percentile(values, 50) * 1000, 1),
            "p95_ms": round(_percentile(values, 95) * 1000, 1),
            "errors": self.errors,
            "statuses": dict(sorted(self.statuses.items())),
        }


def _percentile(values: list[float], percent: float) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(percent / 100 * len(values) + 0.5) - 1))
    return values[index]


async def _request(
    http: Any,
    tally: Tally,
    method: str,
    url: str,
    *,
    person: Person | None = None,
    data: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """One request; a member's cookies go with it and a new CSRF cookie is kept."""
    import aiohttp

    headers = {}
    if person is not None:
        cookie = person.cookie
        if person.csrf_cookie:
            cookie += f"; csrftoken={person.csrf_cookie}"
        headers["Cookie"] = cookie
    started = time.monotonic()
    try:
        async with http.request(
            method, url, headers=headers, data=data, allow_redirects=False
        ) as response:
            body = await response.read()
            status = response.status
            fresh = response.cookies.get("csrftoken")
    except TimeoutError:
        tally.add("timeout", time.monotonic() - started, ok=False)
        return 0, b""
    except aiohttp.ClientError as exc:
        tally.add(type(exc).__name__, time.monotonic() - started, ok=False)
        return 0, b""
    ok = status < 400 or status in ACCEPTED
    tally.add(str(status), time.monotonic() - started, ok=ok)
    if person is not None and fresh is not None and fresh.value:
        person.csrf_cookie = fresh.value
    return status, body


class Workload:
    def __init__(self, base: str, site: Site) -> None:
        self.base = base
        self.site = site
        self.rng = random.Random(7)  # noqa: S311 (a workload, not a secret)

    async def anonymous_visit(self, http: Any, tally: Tally) -> None:
        roll = self.rng.random()
        if roll < 0.5:
            path = self.rng.choice(self.site.browse)
        elif roll < 0.75:
            path = self.rng.choice(self.site.searches)
        else:
            path = self.rng.choice(self.site.filters)
        await _request(http, tally, "GET", self.base + path)

    async def member_visit(self, http: Any, tally: Tally, person: Person) -> None:
        roll = self.rng.random()
        if roll < 0.4 or not person.csrf:
            # Browse as a member; the page's forms give the CSRF token for the next POST.
            path = self.site.meeting if roll < 0.2 else self.rng.choice(self.site.browse)
            _status, body = await _request(http, tally, "GET", self.base + path, person=person)
            match = _TOKEN.search(body)
            if match:
                person.csrf = match.group(1).decode()
            return
        token = {"csrfmiddlewaretoken": person.csrf}
        if roll < 0.7:
            action = "decline" if person.registered else "register"
            url = f"{self.base}{self.site.meeting}{action}/"
            status, _body = await _request(http, tally, "POST", url, person=person, data=token)
            if status == 302:
                person.registered = not person.registered
            return
        action = "withdraw" if person.supports else "declare"
        url = f"{self.base}/alliance/organisations/{person.organisation}/support/{action}/"
        status, _body = await _request(http, tally, "POST", url, person=person, data=token)
        if status == 302:
            person.supports = not person.supports

    async def visit(self, http: Any, tally: Tally, person: Person | None) -> None:
        if person is None:
            await self.anonymous_visit(http, tally)
        else:
            await self.member_visit(http, tally, person)


def _session(limit: int) -> Any:
    import aiohttp

    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit, force_close=False),
        timeout=aiohttp.ClientTimeout(total=TIMEOUT_SECONDS),
        cookie_jar=aiohttp.DummyCookieJar(),
    )


async def _step(workload: Workload, users: int, seconds: float) -> dict[str, Any]:
    tally = Tally()
    deadline = time.monotonic() + seconds
    members = iter(workload.site.people)

    async def user(person: Person | None) -> None:
        while time.monotonic() < deadline:
            await workload.visit(http, tally, person)
            await asyncio.sleep(workload.rng.uniform(*THINK_SECONDS))

    async with _session(users * 2) as http:
        roles = [
            next(members, None) if workload.rng.random() < SIGNED_IN_SHARE else None
            for _ in range(users)
        ]
        await asyncio.gather(*(user(person) for person in roles))
    return {"users": users, **tally.summary(time.monotonic() - tally.started)}


async def _visit_as(workload: Workload, http: Any, tally: Tally, person: Person | None) -> None:
    if person is None:
        await workload.visit(http, tally, None)
        return
    person.busy = True
    try:
        await workload.visit(http, tally, person)
    finally:
        person.busy = False


async def _open_loop(
    workload: Workload, rate: float, seconds: float, *, windows: bool = False
) -> tuple[Tally, float]:
    """Requests arrive at ``rate`` per second whatever the answers; returns when all ended."""
    tally = Tally()
    members = workload.site.people
    tasks = []
    started = time.monotonic()
    async with _session(0) as http:
        sent = 0
        while (now := time.monotonic()) < started + seconds:
            due = int((now - started) * rate)
            while sent < due:
                person = (
                    workload.rng.choice(members)
                    if workload.rng.random() < SIGNED_IN_SHARE
                    else None
                )
                if person is not None and person.busy:
                    # Two requests of one account at once would race on its state (declining
                    # a registration the other request has not made yet); a visitor instead.
                    person = None
                tasks.append(asyncio.create_task(_visit_as(workload, http, tally, person)))
                sent += 1
            await asyncio.sleep(0.002)
        await asyncio.gather(*tasks)
    return tally, started


async def _recovery(workload: Workload, rate: float, *, since: float) -> float | None:
    """Seconds from the end of the overload (``since``: when requests stopped arriving) until
    a window's p95 is under the knee again."""
    while time.monotonic() - since < RECOVERY_LIMIT_SECONDS:
        tally, _ = await _open_loop(workload, rate, WINDOW_SECONDS)
        if tally.latencies and tally.summary(WINDOW_SECONDS)["p95_ms"] < KNEE_MS:
            return round(time.monotonic() - since, 1)
    return None


def _past_capacity(step: dict[str, Any]) -> bool:
    shed = step["statuses"].get("503", 0) + step["statuses"].get("429", 0)
    total = sum(step["statuses"].values())
    return step["p95_ms"] >= KNEE_MS or (total > 0 and shed / total > SHED_SHARE)


def _knee(steps: list[dict[str, Any]]) -> float | None:
    """The rate at which p95 crosses 500 ms, interpolated between the last step under it and
    the first over it. A step where the portal shed more than 1 % of the requests (503) counts
    as over it: shedding is what keeps p95 low past capacity."""
    previous = None
    for step in steps:
        if _past_capacity(step):
            if previous is None:
                return step["rps"]
            span = step["p95_ms"] - previous["p95_ms"]
            share = (KNEE_MS - previous["p95_ms"]) / span if span > 0 else 1.0
            share = min(max(share, 0.0), 1.0)
            return round(previous["rps"] + share * (step["rps"] - previous["rps"]), 1)
        previous = step
    return None


async def _measure(base: str, site: Site) -> dict[str, Any]:
    workload = Workload(base, site)
    # Every anonymous address once, then a short unrecorded step: templates compiled, first
    # pages cached, database connections open in every worker thread.
    async with _session(10) as http:
        for path in [*site.browse, *site.searches, *site.filters]:
            await _request(http, Tally(), "GET", base + path)
    await _step(workload, STEPS[0], WARM_UP_SECONDS)
    steps = []
    for users in STEPS:
        step = await _step(workload, users, STEP_SECONDS)
        log(f"load: {users} users: {step}")
        steps.append(step)
    knee = _knee(steps)
    # Without a knee the portal kept p95 under 500 ms at 200 users: overload at twice the
    # highest rate reached.
    basis = knee if knee is not None else max(step["rps"] for step in steps)
    rate = 2 * basis
    log(f"load: knee {knee} req/s; overload at {rate:.0f} req/s for {OVERLOAD_SECONDS} s")
    tally, started = await _open_loop(workload, rate, OVERLOAD_SECONDS)
    answered = tally.summary(OVERLOAD_SECONDS)
    overload = {**answered, "rps": round(rate, 1), "answered_rps": answered["rps"]}
    recovery = await _recovery(workload, basis / 2, since=started + OVERLOAD_SECONDS)
    overload["recovery_s"] = recovery
    log(f"load: overload: {overload}")
    return {
        "steps": steps,
        "knee_rps": knee,
        "overload": overload,
        "think_seconds": list(THINK_SECONDS),
        "signed_in_share": SIGNED_IN_SHARE,
    }


def measure(base: str, paths: dict[str, str]) -> dict[str, Any]:
    site = prepare(paths)
    from django.db import connections

    connections.close_all()
    return asyncio.run(_measure(base, site))


def markdown(load: dict[str, Any]) -> list[str]:
    if not load:
        return ["", "load: not measured in this build."]
    lines = [
        "",
        f"Load: virtual users ({int(load['signed_in_share'] * 100)} % signed in, think time "
        f"{load['think_seconds'][0]}-{load['think_seconds'][1]} s). Knee (p95 crosses "
        f"{KNEE_MS} ms): {load['knee_rps'] if load['knee_rps'] is not None else 'not reached'} "
        "req/s.",
        "",
        "| users | req/s | p50 ms | p95 ms | errors | statuses |",
        "|---|---|---|---|---|---|",
    ]
    for step in load["steps"]:
        lines.append(
            f"| {step['users']} | {step['rps']} | {step['p50_ms']} | {step['p95_ms']} "
            f"| {step['errors']} | {_statuses(step['statuses'])} |"
        )
    over = load["overload"]
    lines += [
        "",
        f"Overload at {over['rps']} req/s offered: p95 {over['p95_ms']} ms, "
        f"errors {over['errors']}, statuses "
        f"{_statuses(over['statuses'])}; p95 back under {KNEE_MS} ms after "
        f"{over['recovery_s'] if over['recovery_s'] is not None else 'more than 60'} s.",
    ]
    return lines


def _statuses(statuses: dict[str, int]) -> str:
    return ", ".join(f"{status}: {count}" for status, count in statuses.items())
