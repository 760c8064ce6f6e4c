"""Differencing and sybil attacks on the Alliance's published figures.

Each attack runs through one harness (tests/alliance/attack.py) twice: against the exact
counts the portal used to publish, which it breaks every time (so the harness has teeth), and
against the noisy release, where the attacker stays within what epsilon allows.

The bounds. A release is EPSILON-DP for adding or removing one organisation, which moves the
cells by SENSITIVITY in all. Each table gets its own independent noise of scale
SENSITIVITY / EPSILON, and (under the uniform prior of the trials) the newcomer's country is
independent of its other attributes, so the attacker's posterior on the country depends on the
noisy country table alone. Telling "country a" from "country b" moves two of its cells by one:
eps' = 2 * EPSILON / SENSITIVITY, and no attacker names the right one of K equally likely
countries with probability above e^eps' / (e^eps' + K - 1). The generic bound, with
eps' = 2 * EPSILON (replacing one organisation is two neighbouring steps), is weaker and holds
as well. Observed shares get a sampling margin at confidence 1e-6 (Bernstein).
"""

from __future__ import annotations

import random

import pytest
from django.core.management import call_command

from releases.models import Release
from stats import privacy
from taxonomy.choices import Country, SizeClass
from tests.alliance import attack
from tests.alliance.factories import supporters

TRIALS = 2000
S = attack.KEYS.sensitivity


def _bound(eps: float, choices: int) -> float:
    bound = privacy.guess_accuracy_bound(epsilon=eps, choices=choices)
    return bound + attack.sampling_margin(p=bound, trials=TRIALS)


def test_the_exact_counts_of_old_give_every_newcomer_away():
    result = attack.differencing_attack(attack.exact_release, trials=200)

    assert result.country == 1.0
    assert result.size == 1.0
    assert result.both == 1.0


def test_the_noisy_release_keeps_the_newcomer_within_the_bound_epsilon_implies():
    result = attack.differencing_attack(attack.noisy_release, trials=TRIALS)
    countries, sizes = len(Country.values), len(SizeClass.values)

    print(
        f"\ndifferencing, {TRIALS} trials, epsilon {attack.EPSILON}, sensitivity {S}: "
        f"country {result.country:.3f} (chance {1 / countries:.3f}, bound "
        f"{privacy.guess_accuracy_bound(epsilon=2 * attack.EPSILON / S, choices=countries):.4f}), "
        f"size {result.size:.3f} (chance {1 / sizes:.3f}, bound "
        f"{privacy.guess_accuracy_bound(epsilon=2 * attack.EPSILON / S, choices=sizes):.4f}), "
        f"both {result.both:.4f}"
    )
    assert result.country <= _bound(2 * attack.EPSILON / S, countries)
    assert result.size <= _bound(2 * attack.EPSILON / S, sizes)
    assert result.both <= _bound(4 * attack.EPSILON / S, countries * sizes)
    assert result.country <= _bound(2 * attack.EPSILON, countries)  # the generic bound


def test_sybils_pinned_the_one_other_supporter_with_exact_counts():
    assert attack.sybil_attack(attack.exact_release, trials=200) == 1.0


def test_sybils_no_longer_pin_whether_one_other_supporter_exists():
    accuracy = attack.sybil_attack(attack.noisy_release, trials=TRIALS)

    print(
        f"\nsybil (8 fake supporters), {TRIALS} trials: accuracy {accuracy:.3f} "
        f"(chance 0.5, bound from the release's epsilon "
        f"{privacy.guess_accuracy_bound(epsilon=attack.EPSILON, choices=2):.3f})"
    )
    # One organisation more or less: the release as a whole is EPSILON-DP ...
    assert accuracy <= _bound(attack.EPSILON, 2)
    # ... and this attacker, who reads the country cell only, sees EPSILON / S of it.
    assert accuracy <= _bound(attack.EPSILON / S, 2)


# --- End to end, through the database and the command -------------------------------------------


def _country_guess(before: Release, after: Release) -> str:
    return attack.guess_from_difference(before.data, after.data, "country")


def _newcomer_between_two_releases(alice, org_a) -> str:
    for country in ("BE", "NL", "FR", "DE", "IT", "ES"):
        supporters(8, country=country)
    call_command("publish_statistics")
    country = random.Random().choice(["BE", "NL", "FR", "DE", "IT", "ES"])
    org_a.country = country
    org_a.save(update_fields=["country"])
    from alliance.services import support_declare

    support_declare(organisation=org_a, by=alice)
    call_command("publish_statistics")
    return country


@pytest.mark.django_db
def test_end_to_end_the_command_feeds_the_same_release_function(alice, org_a, monkeypatch):
    """With the noise taken out, the stored releases are the exact counts, and the attacker
    finds the newcomer: what the command publishes is what the trials above attack."""
    monkeypatch.setattr(privacy, "laplace", lambda values, *, scale: list(values))
    country = _newcomer_between_two_releases(alice, org_a)

    before, after = Release.objects.filter(scope="alliance").order_by("released_at", "pk")
    assert _country_guess(before, after) == country
    assert after.data["total"]["total"] == before.data["total"]["total"] + 1


@pytest.mark.django_db
def test_end_to_end_the_stored_releases_carry_noise(alice, org_a):
    _newcomer_between_two_releases(alice, org_a)

    before, after = Release.objects.filter(scope="alliance").order_by("released_at", "pk")
    exact = {"BE": 8, "NL": 8, "FR": 8, "DE": 8, "IT": 8, "ES": 8}
    released = {c["key"]: c["value"] for c in before.data["country"]["cells"] if c["key"] in exact}
    # Six country cells all exact and ten priority areas alike in both releases: the noise
    # makes that far less likely than one in a billion.
    assert released != exact or before.data["priority_area"] != after.data["priority_area"]
    assert before.epsilon == after.epsilon == 1.0
    assert after.data["sensitivity"] == S
