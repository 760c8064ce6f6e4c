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

# What each open coalition sets out to do; the portal's own words.
COALITION_PURPOSES: dict[str, str] = {
    "sustainable-innovation": _(
        "Companies that turn societal needs into products and services: sharing how they "
        "involve users and stakeholders in innovation, and starting joint pilots."
    ),
    "sme-growth": _(
        "Helping small firms make CSR part of how they grow: simple tools, peer learning "
        "between owner-managers, and support from associations and chambers."
    ),
    "supply-chain": _(
        "Bringing social and environmental criteria into purchasing and supplier relations, "
        "with practical help for the small suppliers who have to meet them."
    ),
    "skills-employability": _(
        "Training, apprenticeships and lifelong learning that keep people employable, "
        "designed with schools, training providers and trade unions."
    ),
    "diversity-equal-opportunities": _(
        "Recruiting and keeping a diverse workforce and preparing for an ageing population: "
        "what works in companies of different sizes."
    ),
    "working-conditions": _(
        "Healthy, safe and fair work in the company and along the supply chain, developed "
        "together with workers' representatives."
    ),
    "eco-efficiency": _(
        "Using less energy and fewer materials in products, services and production, and "
        "measuring the savings."
    ),
    "stakeholder-engagement": _(
        "Ways to listen to and work with employees, neighbours, customers, investors and NGOs "
        "before decisions are made, not after."
    ),
    "transparency-reporting": _(
        "Making non-financial performance understandable and linking it to financial results, "
        "with reporting formats small companies can manage."
    ),
    "responsible-international-operations": _(
        "Acting abroad as at home: human rights, labour standards and the environment in "
        "operations and sourcing outside the European Union."
    ),
}
