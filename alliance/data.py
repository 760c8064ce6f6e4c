"""The Alliance's three areas of activity, as COM(2006) 136 names them; summaries are ours."""

from django.utils.translation import gettext_noop as _

ACTIVITY_AREAS: list[tuple[str, str, str]] = [
    (
        "awareness-knowledge",
        _("Raising awareness and improving knowledge on CSR and reporting on its achievements"),
        _(
            "Sharing good practice, tools and research so that companies of every size can see "
            "what responsible business looks like in practice, and reporting on what has been "
            "achieved."
        ),
    ),
    (
        "open-coalitions",
        _("Helping to mainstream and develop open coalitions of cooperation"),
        _(
            "Companies that want to tackle one of the ten priority areas together meet in "
            "laboratory meetings with experts and stakeholders to develop joint projects."
        ),
    ),
    (
        "enabling-environment",
        _("Ensuring an enabling environment for CSR"),
        _(
            "Public authorities, business and stakeholders working so that voluntary efforts "
            "on CSR are recognised, encouraged and easy to start."
        ),
    ),
]
