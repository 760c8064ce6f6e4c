"""The initiatives register's part of the site-wide catalogue (tests/catalogue.py).

Each side's organisation (canary and control, in the same shape) has, made by its
administrator through the services:

- a private initiative with an asked partner, a link and a file (the pages, the partner's
  removal, the links and files);
- a second private initiative, used only by the publish and unpublish URLs, and a third used
  only by the delete URL, so that a POST to them (the hostile-input test posts to every URL)
  leaves the others as they are;
- a request to confirm that it is a partner in another organisation's private initiative (the
  answer URL).

Initiatives stay private: a published one names its organisation to everyone, which the canary
rule (no canary name for anonymous visitors) does not allow for. The other organisations have
plain names of their own. Files are deleted when the world goes away.
"""

from __future__ import annotations

import weakref
from typing import Any

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import Role
from initiatives import services
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory

APP = "initiatives"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

MAIN_URLS = {"detail", "edit", "partner_add", "link_add", "file_add"}
RESOURCE_URLS = {"resource", "resource_remove"}


def _side(side: Any, index: int) -> dict[str, Any]:
    organisation, admin = side.organisation, side.admin

    def register(title: str) -> Any:
        return services.register_initiative(
            organisation,
            by=admin,
            title=title,
            description="A catalogue initiative.",
            countries=["BE"],
        )

    main = register("Catalogue initiative")
    partner = OrganisationFactory(name=f"Catalogue Partner {index}")
    asked = services.partner_invite(initiative=main, by=admin, partner=partner)
    link = services.resource_add_link(
        initiative=main, by=admin, title="Project site", url="https://example.org/project"
    )
    file = services.resource_add_file(
        initiative=main,
        by=admin,
        title="Project plan",
        upload=SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf"),
    )
    host = OrganisationFactory(name=f"Catalogue Host {index}")
    host_admin = UserFactory(email=f"catalogue-host-{index}@example.org")
    MembershipFactory(user=host_admin, organisation=host, role=Role.ADMIN)
    hosted = services.register_initiative(
        host, by=host_admin, title="Hosted initiative", description="With a partner."
    )
    request = services.partner_invite(initiative=hosted, by=host_admin, partner=organisation)
    return {
        "main": main,
        "to_publish": register("Catalogue initiative to publish"),
        "to_delete": register("Catalogue initiative to delete"),
        "asked": asked,
        "request": request,
        "resources": [link, file],
    }


def build(world: Any) -> None:
    made: dict[str, Any] = {}
    for index, side in enumerate((world.canary, world.control)):
        made[world.side_name(side)] = _side(side, index)
    world.extra[APP] = made
    stored = [
        r.file.name for name in ("canary", "control") for r in made[name]["resources"] if r.file
    ]
    weakref.finalize(world, _delete_files, stored)


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def kwargs(name: str, params: tuple[str, ...], side_name: str, world: Any) -> list[dict] | None:
    made = world.extra[APP]
    own = made[side_name]
    if name.startswith(f"admin:{APP}_") and params == ("object_id",):
        return [{"object_id": own["main"].pk}]
    if not name.startswith(f"{APP}:"):
        return None
    short = name.split(":", 1)[1]
    if short in MAIN_URLS:
        return [{"uid": own["main"].uid}]
    if short in {"publish", "unpublish"}:
        return [{"uid": own["to_publish"].uid}]
    if short == "delete":
        return [{"uid": own["to_delete"].uid}]
    if short in RESOURCE_URLS:
        return [{"uid": resource.uid} for resource in own["resources"]]
    if short == "partner_remove":
        return [{"uid": own["asked"].uid}]
    if short == "partner_answer":
        return [{"uid": own["request"].uid}]
    if short in {"organisation", "create"}:
        return [{"slug": own["main"].organisation.slug}]
    raise AssertionError(f"tests/initiatives/catalogue.py has no entry for {name} {params}")
