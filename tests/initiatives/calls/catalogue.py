"""The calls' part of the site-wide catalogue (tests/catalogue.py).

One open call (what ``calls:call`` and ``calls:propose`` get) and one closed call with a
reviewer who is no viewer of the matrix. Each side's administrator (alice for the canary) wrote
a proposal to the closed call before its deadline, with a file, and sent it; the reviewer
scored both. Titles name nobody: the closed call's page and the ranking are shared by the sides.
"""

from __future__ import annotations

from typing import Any

from initiatives.calls import services
from tests.factories import UserFactory
from tests.initiatives.calls.helpers import close, make_call, pdf, score_all

APP = "calls"
PROPOSAL_URLS = {
    "calls:proposal",
    "calls:submit",
    "calls:file_add",
    "calls:review",
    "calls:decide",
}
FILE_URLS = {"calls:file", "calls:file_remove"}


def build(world: Any) -> None:
    reviewer = UserFactory(email="zqx-reviewer@example.org", name="Reviewer Person")
    open_call = make_call(title="Open call for new CSR projects")
    closed_call = make_call(title="Closed call for new CSR projects", reviewers=[reviewer])
    made: dict[str, Any] = {"open": open_call, "closed": closed_call, "reviewer": reviewer}
    text = services.ProposalText(
        title="A project for CSR in SMEs", summary="Workshops.", description="Six workshops."
    )
    for side in (world.canary, world.control):
        proposal = services.proposal_start(
            call=closed_call, organisation=side.organisation, by=side.admin, text=text
        )
        item = services.proposal_file_add(proposal=proposal, by=side.admin, upload=pdf())
        services.proposal_submit(proposal=proposal, by=side.admin)
        made[world.side_name(side)] = {"proposal": proposal, "file": item}
    close(closed_call)
    for side in ("canary", "control"):
        proposal = made[side]["proposal"]
        proposal.refresh_from_db()
        score_all(proposal, reviewer, [3, 4])
    world.extra[APP] = made


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    made = world.extra[APP]
    own = made[side_name]
    if name in ("calls:call", "calls:propose"):
        return [{"uid": made["open"].uid}]
    if name == "calls:ranking":
        return [{"uid": made["closed"].uid}]
    if name in PROPOSAL_URLS:
        return [{"uid": own["proposal"].uid}]
    if name in FILE_URLS:
        return [{"uid": own["proposal"].uid, "file_uid": own["file"].uid}]
    if name.startswith("admin:initiatives_call_"):
        return [{"object_id": made["closed"].pk}]
    if name.startswith("admin:initiatives_proposal_"):
        return [{"object_id": own["proposal"].pk}]
    if name.startswith("calls:"):
        raise AssertionError(f"tests/initiatives/calls/catalogue.py has no entry for {name}")
    return None
