"""The browsing views resolve ids to titles and say where the sources are silent."""

from __future__ import annotations

from irtele_cli.core.catalog import faq_view, role_view, roles_view
from irtele_cli.core.plan import lifestyle
from irtele_cli.schema.knowledge import KnowledgeBase


def test_role_rows_give_fte_where_the_article_does_and_words_otherwise(kb: KnowledgeBase) -> None:
    rows = {row.id: row for row in roles_view(kb).rows}
    assert rows["independent-part-time"].share == "0.2-0.4 FTE"
    assert rows["hybrid-teleconsult-coverage"].share == "a few sessions a week"
    assert rows["hybrid-virtual-clinic"].share == "a few sessions a week or part-time"
    assert rows["industry-advisor"].schedules == ["not stated"]
    assert rows["teleradiology-ir-focus"].job_type == next(
        j.title for j in kb.job_types if j.id == "teleradiology-ir-focus"
    )


def test_role_view_resolves_references_and_names_gaps(kb: KnowledgeBase) -> None:
    view = role_view(kb, kb.roles_by_id["tele-proctoring"])
    facts = dict(view.facts)
    assert facts["Paid as"] == kb.messages.not_stated
    assert view.domains == ["Tele-proctoring and remote procedural support"]
    assert view.needs[0].label == "Multi-state licensing"
    assert view.needs[0].level == "low (inferred)"  # the article is silent on licensing for proctoring
    assert {check.text for check in view.checks} == {
        kb.checklist_by_id[i].text for i in kb.roles_by_id["tele-proctoring"].checklist
    }
    assert view.sources[0].startswith('Article: "Unlocking Telemedicine')
    assert all(source.startswith("Article §") for source in view.sources[1:])


def test_a_level_taken_from_the_article_is_not_marked_inferred(kb: KnowledgeBase) -> None:
    view = role_view(kb, kb.roles_by_id["teleradiology-ir-focus"])
    levels = {need.label: need.level for need in view.needs}
    assert levels["Diagnostic reading"] == "high"  # §3.3
    assert levels["Screen time"] == "high (inferred)"


def test_role_view_explains_its_pay_models_and_what_moves_pay(kb: KnowledgeBase) -> None:
    role = kb.roles_by_id["remote-coverage-community"]
    view = role_view(kb, role)
    titles = {model.id: model.title for model in kb.compensation.models}
    assert {line.title for line in view.pay} == {titles[m] for m in role.structure.compensation}
    assert view.pay_factors == [factor.text for factor in kb.compensation.pay_factors]


def test_outlook_and_lifestyle_cover_every_entry(kb: KnowledgeBase) -> None:
    ahead = faq_view(kb).outlook
    assert len(ahead.drivers) + len(ahead.developments) == len(kb.trends)
    weigh = lifestyle(kb)
    assert len(weigh.upsides) + len(weigh.downsides) + len(weigh.conclusions) == len(kb.lifestyle)
    assert any(line.startswith("Screen time and cognitive fatigue:") for line in weigh.downsides)


def test_role_view_shows_the_work_of_its_domains(kb: KnowledgeBase) -> None:
    view = role_view(kb, kb.roles_by_id["teleradiology-ir-focus"])
    assert [line.title for line in view.work] == [
        d.title for d in kb.domains if d.id in kb.roles_by_id["teleradiology-ir-focus"].domains
    ]
    assert any("CT/CTA" in example for line in view.work for example in line.examples)
