"""The knowledge base's models: every file of data/, and the root model that names the file each part comes from."""

from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Annotated, Any, Literal, NamedTuple, Self, get_args, get_origin

from pydantic import Discriminator, Field, StringConstraints, Tag, model_validator

from irtele_cli.schema.base import AsOf, Model, Placeholders, Slug, Text, Url
from irtele_cli.schema.vocabulary import (
    ChecklistCategory,
    CompactStatus,
    Confidence,
    Employment,
    Level,
    Location,
    OfferTerm,
    Priority,
    QuestionKind,
    Route,
    Schedule,
    SkillArea,
    Stage,
    TelehealthShare,
    TermStatus,
    When,
)

SeedRef = Annotated[str, StringConstraints(pattern=r"^seed: [a-z0-9-]+(/[a-z0-9-]+)?$")]


class WebSource(Model):
    """An outside source with the date its content carries; an undated page says when it was compiled."""

    url: Url
    as_of: AsOf | Literal["undated"] = Field(description="The date the page's content carries, or 'undated'.")
    compiled: AsOf | None = Field(default=None, description="For an undated page: when its content was taken down.")
    title: Text | None = None

    @model_validator(mode="after")
    def _undated_says_when_compiled(self) -> Self:
        if self.as_of == "undated" and self.compiled is None:
            raise ValueError("an undated source needs 'compiled': the date its content was taken down")
        return self

    @property
    def dated(self) -> str:
        return f"undated page, compiled {self.compiled}" if self.as_of == "undated" else f"as of {self.as_of}"


def _source_kind(value: Any) -> str:
    return "(article)" if isinstance(value, str) else "(web)"


# A tagged union: a bad source gets the errors of its own kind only, not of both.
Source = Annotated[
    Annotated[SeedRef, Tag("(article)")] | Annotated[WebSource, Tag("(web)")],
    Discriminator(_source_kind),
]
Sources = Annotated[list[Source], Field(min_length=1)]


class Entry(Model):
    """A knowledge-base entry: it has an id and says where its content comes from."""

    id: Slug
    sources: Sources


# --- the article itself, so citations can be checked ------------------------------------------


class ArticlePart(Model):
    id: Slug
    number: int = Field(ge=1)
    title: Text


class ArticleSection(Model):
    id: Slug
    number: int = Field(ge=1)
    title: Text
    parts: list[ArticlePart] = []


class Article(Model):
    title: Text
    publisher: Text
    sections: list[ArticleSection] = Field(min_length=1)

    def citations(self) -> dict[str, str]:
        """Every valid ``seed: section[/part]`` reference mapped to a readable label."""
        labels: dict[str, str] = {}
        for section in self.sections:
            labels[f"seed: {section.id}"] = f"Article §{section.number} {section.title}"
            for part in section.parts:
                labels[f"seed: {section.id}/{part.id}"] = f"Article §{section.number}.{part.number} {part.title}"
        return labels


# --- domains, job types and roles -------------------------------------------------------------


class Domain(Entry):
    """One of the ways telehealth fits the IR skill set (article §2)."""

    title: Text
    summary: Text
    activities: list[Text] = Field(min_length=1)
    examples: list[Text] = []


class JobType(Entry):
    """A category of telemedicine job (article §3)."""

    title: Text
    summary: Text
    structure: list[Text] = []
    sample_models: list[Text] = []
    pros: list[Text] = []
    cons: list[Text] = []
    contract_elements: list[Slug] = []


class Requirement(Model):
    """How strongly a role asks for something, and why; ``inferred`` when the sources do not state it."""

    level: Level
    inferred: bool = False
    note: Text | None = None


class Requirements(Model):
    """What a role asks of the person in it; the field names are the role facts scoring rules test."""

    multi_state_licensing: Requirement
    diagnostic_reading: Requirement
    procedural_component: Requirement
    acuity: Requirement
    liability_exposure: Requirement
    screen_time: Requirement


class FteRange(Model):
    min: float = Field(ge=0, le=1)
    max: float = Field(ge=0, le=1)

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is larger than max ({self.max})")
        return self


class Structure(Model):
    """How a role is organised: share of telehealth, when, where, employed how and paid how.

    ``schedules`` and ``compensation`` stay empty where the sources do not say: unknown is not a mismatch.
    """

    telehealth_share: list[TelehealthShare] = Field(min_length=1)
    share_inferred: bool = Field(default=False, description="True when no source gives the role's telehealth share.")
    share_text: Text
    fte: FteRange | None = None
    schedules: list[Schedule] = []
    schedules_inferred: bool = Field(
        default=False, description="True when the hours are assumed: no source gives them."
    )
    schedule_text: Text | None = None
    location: list[Location] = Field(min_length=1)
    employment: list[Employment] = Field(min_length=1)
    employment_inferred: bool = Field(default=False, description="True when no source says how the role employs.")
    compensation: list[Slug] = []


class Role(Entry):
    """A telehealth role an interventional radiologist can hold."""

    title: Text
    job_type: Slug
    domains: list[Slug] = Field(min_length=1)
    summary: Text
    week: list[Text] = Field(min_length=1)
    structure: Structure
    serves: list[Priority] = []
    serves_inferred: bool = Field(default=False, description="True when the priorities it serves are our reading.")
    pros: list[Text] = Field(min_length=1)
    cons: list[Text] = Field(min_length=1)
    requirements: Requirements
    checklist: list[Slug] = []
    trainee_note: Text | None = None


# --- compensation, checklist, preparation -----------------------------------------------------


class CompensationModel(Entry):
    title: Text
    summary: Text
    common_in: Text


class PayFactor(Entry):
    text: Text


class Compensation(Model):
    models: list[CompensationModel] = Field(min_length=1)
    pay_factors: list[PayFactor] = []
    verify: list[Slug] = []


class ChecklistItem(Entry):
    """Something to check in a contract, and why it matters."""

    category: ChecklistCategory
    text: Text
    why: Text
    ask: Text | None = None
    every_role: bool = False
    offer_term: OfferTerm | None = None


FactSets = tuple[tuple[str, frozenset[str | int | bool]], ...]
CompiledCondition = tuple[FactSets, FactSets, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...], tuple[str, ...]]


class Condition(Model):
    """When a rule applies: answer values, role attributes, and answers that must meet role attributes.

    ``profile`` and ``role`` map a fact name to the values that satisfy it (a list fact is
    satisfied when it shares any value); ``overlaps`` and ``misses`` map a profile fact to a
    role fact that must share / must not share a value with it.
    """

    profile: dict[str, list[str | int | bool]] = {}
    role: dict[str, list[str]] = {}
    overlaps: dict[str, str] = {}
    misses: dict[str, str] = {}
    unknown: list[str] = Field(default=[], description="Role facts the sources leave unstated (empty).")

    @cached_property
    def role_fact_names(self) -> frozenset[str]:
        """The role facts this condition looks at, to tell whether it rests on an inferred one."""
        return frozenset([*self.role, *self.overlaps.values(), *self.misses.values(), *self.unknown])

    @cached_property
    def profile_fact_names(self) -> frozenset[str]:
        """The answers' facts this condition looks at: a change to any other fact leaves it as it was."""
        return frozenset([*self.profile, *self.overlaps, *self.misses])

    @cached_property
    def compiled(self) -> CompiledCondition:
        """The condition as tuples of frozensets, built once: matching evaluates it for every role."""
        return (
            tuple((name, frozenset(values)) for name, values in self.profile.items()),
            tuple((name, frozenset(values)) for name, values in self.role.items()),
            tuple(self.overlaps.items()),
            tuple(self.misses.items()),
            tuple(self.unknown),
        )


class PreparationAction(Entry):
    """A thing to do to get ready, for some training stages, or to close a top role's gap."""

    text: Text
    stages: list[Stage] = Field(min_length=1)
    area: SkillArea
    when: When
    reason: Text
    closes_gap: Condition | None = None


# --- lifestyle, trends, FAQ -------------------------------------------------------------------


class LifestyleItem(Entry):
    kind: Literal["upside", "downside", "conclusion"]
    title: Text
    text: Text


class Trend(Entry):
    kind: Literal["driver", "development"]
    text: Text


class FaqEntry(Entry):
    question: Text
    answer: Text
    points: list[Text] = []


# --- scoring ----------------------------------------------------------------------------------


class ScoringRule(Entry):
    """One criterion: when it applies, how many points it moves, and whether it is a hard limit."""

    when: Condition
    points: int = Field(ge=-100, le=100)
    hard_limit: bool = False
    reason: Annotated[Text, Placeholders("overlap", "offered")] = Field(
        description="Why the rule moves the score; {overlap} is the values shared, {offered} the role's, in words."
    )


class FitLabel(Model):
    label: Text
    min_score: int = Field(ge=0, le=100)


class HardLimit(Model):
    """What a hard limit does to a score: caps it, and gives the fit its own label."""

    cap: int = Field(ge=0, le=100)
    label: Text


class TraineeNote(Model):
    """How a trainee's plan is framed: roles as where they could go, and what to do now."""

    text: Text
    sources: Sources


class Recourse(Model):
    """Which answers a person can change to open a role: never a preference."""

    actionable: list[str] = Field(min_length=1, description="Answer keys a person can act on.")
    time_bound: list[str] = Field(default=[], description="Answer keys that change with time, not by choice.")
    upward: dict[str, list[str]] = Field(
        default={}, description="Answers a person can only build up, with their values from least to most."
    )
    options: int = Field(default=3, ge=1, le=10, description="At most this many options per role.")


class Scoring(Model):
    """How every role is scored for a user: a base, the rules that move it, and labels for the result."""

    base: int = Field(ge=0, le=100)
    inferred_weight: float = Field(
        default=0.5, ge=0, le=1, description="What a rule resting on an inferred trait of a role counts for."
    )
    trainee_note: TraineeNote
    hard_limit: HardLimit
    fit_labels: list[FitLabel] = Field(min_length=1)
    rules: list[ScoringRule] = Field(min_length=1)
    recourse: Recourse

    @model_validator(mode="after")
    def _labels_descend_to_zero(self) -> Self:
        minimums = [fit.min_score for fit in self.fit_labels]
        if minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
            raise ValueError("fit_labels must go from the highest min_score down to one with min_score 0")
        return self


# --- licensing --------------------------------------------------------------------------------


class StateStatus(Model):
    """One state's place in the compact, with how sure we are and as of when."""

    code: str
    status: CompactStatus
    as_of: AsOf
    confidence: Confidence
    basis: Text
    note: Text | None = None
    sources: list[WebSource] = []


class LicensingRule(Entry):
    title: Text
    text: Text
    for_roles: list[Slug] = Field(default=[], description="Roles whose work brings this rule into a plan.")


class Criterion(Model):
    id: Slug
    text: Text


class PrincipalLicense(Model):
    text: Text
    criteria: list[Criterion] = Field(min_length=1)
    sources: Sources


class ProcessFact(Entry):
    text: Text


class Compact(Model):
    """The Interstate Medical Licensure Compact: who can use it, and how it works."""

    name: Text
    summary: Text
    sources: Sources
    principal_license: PrincipalLicense
    eligibility: list[Criterion] = Field(min_length=1)
    self_check: list[Criterion] = Field(min_length=1)
    eligibility_sources: Sources
    process: list[ProcessFact] = Field(min_length=1)


class LicensingStep(Model):
    """A licensing step the plan adds."""

    when: When
    text: Annotated[Text, Placeholders("states", "principal")]
    reason: Text


class LicensingSteps(Model):
    check: LicensingStep
    compact: LicensingStep
    standard: LicensingStep
    over_limit: Text = Field(description="Put before the application steps when they need more licenses than allowed.")
    role_note: Annotated[Text, Placeholders("count", "states", "compact")]
    sources: Sources


class LicensingMessages(Model):
    """What the licensing view says; templates so the wording is content, not code."""

    certification_unknown: Text
    not_certified: Text
    cannot_be_principal: Annotated[Text, Placeholders("state", "status")]
    no_license_yet: Text
    can: Text
    could: Text
    member: Text
    member_unconfirmed: Text
    principal_at_home: Annotated[Text, Placeholders("state", "can", "member")]
    principal_elsewhere: Annotated[Text, Placeholders("home_note", "state", "can", "member")]
    home_without_license: Annotated[Text, Placeholders("state")]
    none_can_serve: Text
    uncertain_principal: Annotated[Text, Placeholders("state", "confidence", "as_of")]
    principal_note: Annotated[Text, Placeholders("state", "note")]
    check_privately: Text
    summary_open: Text
    summary_conditional: Text
    summary_closed: Text
    route_held: Text
    route_compact: Annotated[Text, Placeholders("principal")]
    route_member_closed: Text
    route_standard: Annotated[Text, Placeholders("status")]
    reads_here: Text
    verify: Text
    teleradiology_without_home: Text
    totals: Annotated[Text, Placeholders("held", "new", "total")]
    totals_against_limit: Annotated[Text, Placeholders("limit")]
    over_limit: Text
    role_compact_some: Annotated[Text, Placeholders("count", "principal")]
    role_compact_none: Text
    role_compact_closed: Text


class Term(Model):
    """An abbreviation the sources use ('SPL'); the output explains it where it first appears."""

    term: Text
    meaning: Text
    sources: Sources


class Licensing(Model):
    compiled: AsOf
    verify_url: Url
    stale_after_months: int = Field(ge=1)
    rules: list[LicensingRule] = Field(min_length=1)
    compact: Compact
    plan_steps: LicensingSteps
    states: list[StateStatus] = Field(min_length=1)
    terms: list[Term] = []
    messages: LicensingMessages


# --- the questionnaire ------------------------------------------------------------------------


class Choice(Model):
    value: str
    label: Text
    short: Text | None = Field(default=None, description="The label in a narrow table column; the label otherwise.")


class Rewording(Model):
    """Other words for a question when earlier answers call for them: a student does not 'practice'."""

    when: dict[str, list[str]] = Field(default={}, description="Earlier answers, any of these values each.")
    blank: list[str] = Field(default=[], description="Earlier answers that must all be blank or empty.")
    prompt: Text | None = None
    help: Text | None = None

    def fits(self, answers: dict[str, Any]) -> bool:
        return all(answers.get(key) in values for key, values in self.when.items()) and not any(
            answers.get(key) for key in self.blank
        )


class Question(Model):
    """One question of the plan's questionnaire; ``key`` is the answers-file key it fills."""

    key: str
    kind: QuestionKind
    prompt: Text
    help: Text
    label: Text | None = Field(default=None, description="A short name for review screens and summaries.")
    keys: Text | None = Field(default=None, description="The full-screen prompt's keys; not said in accessible mode.")
    choices: list[Choice] = []
    default: str | int | bool | list[str] | None = None
    skip_if: dict[str, list[str]] = {}
    min_choices: int = Field(default=0, ge=0)
    max_choices: int | None = Field(default=None, ge=1)
    optional: bool = False
    default_counts: list[str] = Field(
        default=[], description="A number's suggestion: how many distinct values these list answers hold."
    )
    rewordings: list[Rewording] = Field(default=[], description="The first that fits the answers so far is used.")

    def worded_for(self, answers: dict[str, Any]) -> "Question":
        """The question in the words that fit the answers so far."""
        fitting = next((rewording for rewording in self.rewordings if rewording.fits(answers)), None)
        if fitting is None:
            return self
        return self.model_copy(update={"prompt": fitting.prompt or self.prompt, "help": fitting.help or self.help})

    def applies(self, answers: dict[str, Any]) -> bool:
        """False when an earlier answer makes this question moot (e.g. reading for a medical student)."""
        return not any(answers.get(key) in values for key, values in self.skip_if.items())

    def default_for(self, answers: dict[str, Any]) -> Any:
        """The suggested answer: someone holding two licenses and wanting two more states is offered 4."""
        if not self.default_counts:
            return self.default
        distinct = {value for key in self.default_counts for value in answers.get(key) or []}
        return max(self.default if isinstance(self.default, int) else 0, len(distinct))

    @property
    def short(self) -> str:
        return self.label or self.prompt

    def label_of(self, value: Any) -> str:
        """An answer as the user saw it when choosing."""
        labels = {choice.value: choice.label for choice in self.choices}
        if isinstance(value, list):
            words = [labels.get(item, str(item)) for item in value]
            return ("; " if any("," in word for word in words) else ", ").join(words) or "none"  # keep items apart
        if isinstance(value, bool):
            return "yes" if value else "no"
        if value is None:
            return "not given"
        return labels.get(value, str(value))


class OfferReview(Model):
    """The words of the review screen that ends 'irtele offers new'."""

    prompt: Text
    help: Text
    save: Text = Field(description="The choice that saves the offer as reviewed.")
    pay: Text = Field(description="Names the pay components' line; picking it asks them again.")


class OfferQuestionsFile(Model):
    """The questionnaire of 'irtele offers new'; contract-term questions share ``term_choices``."""

    term_choices: list[Choice] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)
    review: OfferReview


# --- words: labels of the closed vocabularies, and the sentences every view shares --------------


class StatusLabel(Model):
    long: Text
    short: Text


class Labels(Model):
    """One label per value of each closed vocabulary that no question words (those of the answers are
    the questions' own choice labels)."""

    categories: dict[ChecklistCategory, Text]
    areas: dict[SkillArea, Text]
    when: dict[When, Text]
    compact_status: dict[CompactStatus, StatusLabel]
    routes: dict[Route, Text]
    offer_terms: dict[OfferTerm, Text]
    term_status: dict[TermStatus, Text]
    requirements: dict[str, Text] = Field(description="A label for each field of a role's requirements.")

    @model_validator(mode="after")
    def _complete(self) -> Self:
        """Every value of each vocabulary has its label (the vocabulary is the field's key type)."""
        missing = []
        for name, field in type(self).model_fields.items():
            key_type = get_args(field.annotation)[0]
            expected = get_args(key_type) if get_origin(key_type) is Literal else tuple(Requirements.model_fields)
            labels = getattr(self, name)
            missing += [f"{name}: no label for '{value}'" for value in expected if value not in labels]
            missing += [
                f"{name}: '{value}' is not one of {', '.join(expected)}" for value in labels if value not in expected
            ]
        if missing:
            raise ValueError("; ".join(missing))
        return self


class Messages(Model):
    """Sentences the views print, in every format; templates say which placeholders they receive."""

    disclaimer: Text
    not_stated: Text = Field(description="Said of a role trait that no source gives.")
    not_given: Text = Field(description="Said of an answer or offer figure the user left out.")
    not_stated_short: Text = Field(description="In a table cell: a term or trait no one states.")
    inferred_mark: Text = Field(description="Marks a level or reason resting on an inferred trait.")
    default_answer: Annotated[Text, Placeholders("answer")] = Field(description="An answer that is a default.")
    priority_unserved: Annotated[Text, Placeholders("priority", "roles")]
    priority_unserved_anywhere: Annotated[Text, Placeholders("priority")]
    recourse_opens: Text = Field(description="Leads the changes that would lift a role's hard limit.")
    recourse_top: Annotated[Text, Placeholders("top")] = Field(description="Leads the changes into the top roles.")
    time_bound: Text = Field(description="Marks a change that comes with time, not by choice.")
    margin: Annotated[Text, Placeholders("points", "role")]
    swap: Annotated[Text, Placeholders("role", "change")]
    inferred: Text = Field(description="Added to a reason that rests on a trait the knowledge base infers.")
    score_sum: Annotated[Text, Placeholders("score", "base", "limit")]
    score_cap: Annotated[Text, Placeholders("cap")] = Field(description="The {limit} of score_sum under a hard limit.")
    all_blocked: Text
    review_over_limit: Annotated[Text, Placeholders("states", "limit")] = Field(
        description="The review screen's warning: more states named than licenses the user will hold."
    )
    review_trainee_share: Text = Field(description="The review screen's warning: a trainee wanting mostly telehealth.")
    few_fit: Annotated[Text, Placeholders("fitting", "label")]
    trainee_checklist: Text = Field(description="Heads a trainee's contract checklist.")
    every_role_note: Text = Field(description="Explains checklist items that name no role.")
    more_in_plan: Text = Field(description="Ends the plan's summary: what else there is to see.")
    no_targets: Text
    check_privately: Text
    verify_membership: Annotated[Text, Placeholders("url")]
    state_note: Annotated[Text, Placeholders("note")]
    comparison_note: Text
    no_verdict: Text
    no_measure: Text = Field(description="Where an offer leads or trails on nothing.")
    no_sourced_note: Text = Field(description="Shown for a contract term with no checklist item behind it.")
    cohort_limited: Annotated[Text, Placeholders("count", "total", "limit")] = Field(
        description="A cohort report's line: how many trainees a hard limit holds back."
    )
    cohort_opens: Annotated[Text, Placeholders("count", "change")] = Field(
        description="Under a cohort's hard limit: the change that would lift it, and for how many."
    )
    cohort_no_limits: Text
    cohort_stale: Text = Field(description="Marks a trainee's plan written more than a year ago.")
    cohort_unreadable: Text = Field(description="Heads the files a cohort report could not read.")
    cohort_none: Text = Field(description="A cohort report with no readable trainee.")
    ilp_intro: Text = Field(description="Opens an individual learning plan page.")
    ilp_blank: Text = Field(description="Under the ILP's sections the trainee and director fill in.")


class Wording(Model):
    labels: Labels
    messages: Messages


# --- the knowledge base: one field per file, and the one registry of files ----------------------


class FromFile(NamedTuple):  # not a dataclass: start-up makes a NamedTuple in a sixth of the time
    """Where a knowledge-base field is read from: a file (its top-level ``key``, or the whole file), or
    every ``*.yaml`` of a folder, one item each."""

    name: str
    key: str | None = None
    folder: bool = False


class KnowledgeBase(Model):
    """Everything the tool knows. Each field says its file; the loader reads them in this order."""

    article: Annotated[Article, FromFile("article.yaml")]
    domains: Annotated[list[Domain], Field(min_length=1), FromFile("domains.yaml", "domains")]
    job_types: Annotated[list[JobType], Field(min_length=1), FromFile("job_types.yaml", "job_types")]
    roles: Annotated[list[Role], FromFile("roles", folder=True)]
    compensation: Annotated[Compensation, FromFile("compensation.yaml")]
    checklist: Annotated[list[ChecklistItem], Field(min_length=1), FromFile("checklist.yaml", "checklist")]
    preparation: Annotated[list[PreparationAction], Field(min_length=1), FromFile("preparation.yaml", "preparation")]
    lifestyle: Annotated[list[LifestyleItem], Field(min_length=1), FromFile("lifestyle.yaml", "lifestyle")]
    trends: Annotated[list[Trend], Field(min_length=1), FromFile("trends.yaml", "trends")]
    faq: Annotated[list[FaqEntry], Field(min_length=1), FromFile("faq.yaml", "faq")]
    scoring: Annotated[Scoring, FromFile("scoring.yaml")]
    questions: Annotated[list[Question], Field(min_length=1), FromFile("questions.yaml", "questions")]
    licensing: Annotated[Licensing, FromFile("licensing.yaml")]
    offer_questions: Annotated[OfferQuestionsFile, FromFile("offer_questions.yaml")]
    wording: Annotated[Wording, FromFile("wording.yaml")]

    @cached_property
    def roles_by_id(self) -> dict[str, Role]:
        return {role.id: role for role in self.roles}

    @cached_property
    def checklist_by_id(self) -> dict[str, ChecklistItem]:
        return {item.id: item for item in self.checklist}

    @cached_property
    def preparation_by_id(self) -> dict[str, PreparationAction]:
        return {action.id: action for action in self.preparation}

    @cached_property
    def answer_labels(self) -> dict[str, dict[str, str]]:
        """For each answer key, its values as the questionnaire words them: the one label of each choice."""
        return {q.key: {choice.value: choice.label for choice in q.choices} for q in self.questions}

    @cached_property
    def short_labels(self) -> dict[str, dict[str, str]]:
        """For each answer key, its values as a narrow table column words them."""
        return {q.key: {choice.value: choice.short or choice.label for choice in q.choices} for q in self.questions}

    @cached_property
    def rule_sources(self) -> dict[str, str]:
        """Each scoring rule's sources as one readable line, built once for every role it scores."""
        return {rule.id: "; ".join(self.source_label(source) for source in rule.sources) for rule in self.scoring.rules}

    @cached_property
    def citation_labels(self) -> dict[str, str]:
        return self.article.citations()

    @property
    def labels(self) -> Labels:
        return self.wording.labels

    @property
    def messages(self) -> Messages:
        return self.wording.messages

    def source_label(self, source: Source) -> str:
        """A source as a reader sees it: the article section's title, or the URL with its date."""
        if isinstance(source, WebSource):
            title = f"{source.title}, " if source.title else ""
            return f"{title}{source.url} ({source.dated})"
        return self.citation_labels.get(source, source)

    def source_labels(self, sources: Iterable[Source]) -> list[str]:
        return [self.source_label(source) for source in sources]

    def source_list(self, labels: Iterable[str]) -> list[str]:
        """Source labels for a reader: each once, sorted, led by the article itself when it is cited.

        Lists already made this way may be merged: the article line is placed once, whatever the input.
        """
        article = f'Article: "{self.article.title}", {self.article.publisher}'
        unique = sorted(set(labels) - {article})
        cites_article = not set(unique).isdisjoint(self.citation_labels.values())
        return [article, *unique] if cites_article else unique

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """Every entry with the file it lives in, found by walking the models: nothing to keep in step."""
        for name, part in self.parts():
            yield from ((name, entry) for entry in _found(part, Entry))

    def parts(self) -> Iterator[tuple[str, Any]]:
        """Each file's part of the knowledge base with the file's name; a folder's files one by one."""
        for field, where in FILES.items():
            if field not in self.__dict__:
                continue  # a partial knowledge base, for checks while another file has errors
            value = getattr(self, field)
            if where.folder:
                yield from ((f"{where.name}/{item.id}.yaml", item) for item in value)
            else:
                yield where.name, value


def _found(value: Any, kind: type[Model]) -> Iterator[Any]:
    """Every ``kind`` inside a value, however deep in models, lists and mappings, in document order."""
    if isinstance(value, kind):
        yield value
    if isinstance(value, Model):
        for name in type(value).model_fields:
            yield from _found(getattr(value, name), kind)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _found(item, kind)
    elif isinstance(value, dict):
        for item in value.values():
            yield from _found(item, kind)


def found(value: Any, kind: type[Model]) -> list[Any]:
    return list(_found(value, kind))


FILES: dict[str, FromFile] = {
    name: next(meta for meta in field.metadata if isinstance(meta, FromFile))
    for name, field in KnowledgeBase.model_fields.items()
}
"""The one registry of data files: each KnowledgeBase field and where it is read from."""
