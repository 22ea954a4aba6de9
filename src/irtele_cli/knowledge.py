"""The knowledge base: strict models of data/ and its one loader."""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator, Sequence
from functools import cached_property
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    ValidationError,
    model_validator,
)

from irtele_cli import KB_ENV
from irtele_cli.documents import format_validation_error, read_document
from irtele_cli.errors import DocumentError, IrteleError, did_you_mean
from irtele_cli.references import reference_problems
from irtele_cli.vocabulary import (
    ChecklistCategory,
    Employment,
    Level,
    Location,
    OfferTerm,
    Priority,
    Schedule,
    SkillArea,
    Stage,
    TelehealthShare,
    When,
)

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
SeedRef = Annotated[str, StringConstraints(pattern=r"^seed: [a-z0-9-]+(/[a-z0-9-]+)?$")]
AsOf = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]


class Model(BaseModel):
    """Every knowledge-base model: unknown keys are errors and nothing changes after loading."""

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class WebSource(Model):
    """An outside source with the date its content carries; an undated page says when it was compiled."""

    url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    as_of: AsOf | Literal["undated"]
    compiled: AsOf | None = None
    title: Text | None = None

    @model_validator(mode="after")
    def _undated_says_when_compiled(self) -> WebSource:
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
    def _ordered(self) -> FteRange:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is larger than max ({self.max})")
        return self


class Structure(Model):
    """How a role is organised: share of telehealth, when, where, employed how and paid how.

    ``schedules`` and ``compensation`` stay empty where the sources do not say: unknown is not a mismatch.
    """

    telehealth_share: list[TelehealthShare] = Field(min_length=1)
    share_text: Text
    fte: FteRange | None = None
    schedules: list[Schedule] = []
    schedules_inferred: bool = False  # hours assumed where the sources give none
    schedule_text: Text | None = None
    location: list[Location] = Field(min_length=1)
    employment: list[Employment] = Field(min_length=1)
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
CompiledCondition = tuple[FactSets, FactSets, tuple[tuple[str, str], ...], tuple[tuple[str, str], ...]]


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

    @cached_property
    def role_fact_names(self) -> frozenset[str]:
        """The role facts this condition looks at, to tell whether it rests on an inferred one."""
        return frozenset([*self.role, *self.overlaps.values(), *self.misses.values()])

    @cached_property
    def compiled(self) -> CompiledCondition:
        """The condition as tuples of frozensets, built once: matching evaluates it for every role."""
        return (
            tuple((name, frozenset(values)) for name, values in self.profile.items()),
            tuple((name, frozenset(values)) for name, values in self.role.items()),
            tuple(self.overlaps.items()),
            tuple(self.misses.items()),
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
    kind: Literal["upside", "downside"]
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
    reason: Text


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


class Scoring(Model):
    """How every role is scored for a user: a base, the rules that move it, and labels for the result."""

    base: int = Field(ge=0, le=100)
    trainee_note: TraineeNote
    hard_limit: HardLimit
    fit_labels: list[FitLabel] = Field(min_length=1)
    rules: list[ScoringRule] = Field(min_length=1)

    @model_validator(mode="after")
    def _labels_descend_to_zero(self) -> Scoring:
        minimums = [fit.min_score for fit in self.fit_labels]
        if minimums != sorted(minimums, reverse=True) or minimums[-1] != 0:
            raise ValueError("fit_labels must go from the highest min_score down to one with min_score 0")
        return self


# --- licensing --------------------------------------------------------------------------------

CompactStatus = Literal[
    "member_spl",
    "member_non_spl",
    "member_spl_unverified",
    "enacted_not_implemented",
    "not_member",
    "disputed",
]
Confidence = Literal["high", "medium", "low"]


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
    """A licensing step the plan adds; ``{states}`` and ``{principal}`` are filled in per user."""

    when: When
    text: Text
    reason: Text


class LicensingSteps(Model):
    check: LicensingStep
    compact: LicensingStep
    standard: LicensingStep
    over_limit: Text  # put before the application steps when they add up to more than the user's limit
    role_note: Text
    sources: Sources


class LicensingMessages(Model):
    """What the licensing view says; templates so the wording is content, not code."""

    certification_unknown: Text
    not_certified: Text
    cannot_be_principal: Text
    no_license_yet: Text
    can: Text
    could: Text
    member: Text
    member_unconfirmed: Text
    principal_at_home: Text
    principal_elsewhere: Text
    home_without_license: Text
    none_can_serve: Text
    uncertain_principal: Text
    check_privately: Text
    summary_open: Text
    summary_conditional: Text
    summary_closed: Text
    route_held: Text
    route_compact: Text
    route_member_closed: Text
    route_standard: Text
    reads_here: Text
    verify: Text
    teleradiology_without_home: Text
    totals: Text
    totals_against_limit: Text
    over_limit: Text
    role_compact_some: Text
    role_compact_none: Text
    role_compact_closed: Text


class Licensing(Model):
    compiled: AsOf
    verify_url: Annotated[str, StringConstraints(pattern=r"^https?://\S+$")]
    stale_after_months: int = Field(ge=1)
    rules: list[LicensingRule] = Field(min_length=1)
    compact: Compact
    plan_steps: LicensingSteps
    states: list[StateStatus] = Field(min_length=1)
    messages: LicensingMessages


# --- the questionnaire ------------------------------------------------------------------------


class Choice(Model):
    value: str
    label: Text


class Question(Model):
    """One question of the plan's questionnaire; ``key`` is the answers-file key it fills."""

    key: str
    kind: Literal["select", "checkbox", "confirm", "state", "states", "number", "amount", "text"]
    prompt: Text
    help: Text
    label: Text | None = None  # a short name for review screens and summaries; the prompt otherwise
    choices: list[Choice] = []
    default: str | int | bool | list[str] | None = None
    skip_if: dict[str, list[str]] = {}
    min_choices: int = Field(default=0, ge=0)
    max_choices: int | None = Field(default=None, ge=1)
    optional: bool = False
    default_counts: list[str] = []  # a number's suggestion: the distinct values these answers hold

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


# --- one model per file -----------------------------------------------------------------------


class DomainsFile(Model):
    domains: list[Domain] = Field(min_length=1)


class JobTypesFile(Model):
    job_types: list[JobType] = Field(min_length=1)


class ChecklistFile(Model):
    checklist: list[ChecklistItem] = Field(min_length=1)


class PreparationFile(Model):
    preparation: list[PreparationAction] = Field(min_length=1)


class LifestyleFile(Model):
    lifestyle: list[LifestyleItem] = Field(min_length=1)


class TrendsFile(Model):
    trends: list[Trend] = Field(min_length=1)


class FaqFile(Model):
    faq: list[FaqEntry] = Field(min_length=1)


class QuestionsFile(Model):
    questions: list[Question] = Field(min_length=1)


class OfferQuestionsFile(Model):
    """The questionnaire of 'irtele offers new'; contract-term questions share ``term_choices``."""

    term_choices: list[Choice] = Field(min_length=1)
    questions: list[Question] = Field(min_length=1)


FILES: dict[str, type[Model]] = {
    "article.yaml": Article,
    "domains.yaml": DomainsFile,
    "job_types.yaml": JobTypesFile,
    "compensation.yaml": Compensation,
    "checklist.yaml": ChecklistFile,
    "preparation.yaml": PreparationFile,
    "lifestyle.yaml": LifestyleFile,
    "trends.yaml": TrendsFile,
    "faq.yaml": FaqFile,
    "scoring.yaml": Scoring,
    "questions.yaml": QuestionsFile,
    "licensing.yaml": Licensing,
    "offer_questions.yaml": OfferQuestionsFile,
}
ROLES_DIR = "roles"


class KnowledgeBase(Model):
    """Everything the tool knows, loaded and cross-checked once."""

    article: Article
    domains: list[Domain]
    job_types: list[JobType]
    roles: list[Role]
    compensation: Compensation
    checklist: list[ChecklistItem]
    preparation: list[PreparationAction]
    lifestyle: list[LifestyleItem]
    trends: list[Trend]
    faq: list[FaqEntry]
    scoring: Scoring
    questions: list[Question]
    licensing: Licensing
    offer_questions: OfferQuestionsFile

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
        """For each answer key, its values as the questionnaire words them."""
        return {q.key: {choice.value: choice.label for choice in q.choices} for q in self.questions}

    @cached_property
    def rule_sources(self) -> dict[str, str]:
        """Each scoring rule's sources as one readable line, built once for every role it scores."""
        return {rule.id: "; ".join(self.source_label(source) for source in rule.sources) for rule in self.scoring.rules}

    @cached_property
    def citation_labels(self) -> dict[str, str]:
        return self.article.citations()

    def source_label(self, source: Source) -> str:
        """A source as a reader sees it: the article section's title, or the URL with its date."""
        if isinstance(source, WebSource):
            title = f"{source.title}, " if source.title else ""
            return f"{title}{source.url} ({source.dated})"
        return self.citation_labels.get(source, source)

    def source_list(self, labels: Iterable[str]) -> list[str]:
        """Source labels for a reader: each once, sorted, led by the article itself when it is cited.

        Lists already made this way may be merged: the article line is placed once, whatever the input.
        """
        article = f'Article: "{self.article.title}", {self.article.publisher}'
        unique = sorted(set(labels) - {article})
        cites_article = not set(unique).isdisjoint(self.citation_labels.values())
        return [article, *unique] if cites_article else unique

    def entries(self) -> Iterator[tuple[str, Entry]]:
        """Every entry with the file it lives in, for checks that span the whole base."""
        groups: list[tuple[str, list[Any]]] = [
            ("domains.yaml", self.domains),
            ("job_types.yaml", self.job_types),
            ("compensation.yaml", [*self.compensation.models, *self.compensation.pay_factors]),
            ("checklist.yaml", self.checklist),
            ("preparation.yaml", self.preparation),
            ("lifestyle.yaml", self.lifestyle),
            ("trends.yaml", self.trends),
            ("faq.yaml", self.faq),
            ("scoring.yaml", self.scoring.rules),
            ("licensing.yaml", [*self.licensing.rules, *self.licensing.compact.process]),
        ]
        for file, entries in groups:
            for entry in entries:
                yield file, entry
        for role in self.roles:
            yield f"{ROLES_DIR}/{role.id}.yaml", role


def default_kb_dir() -> Path:
    """The bundled knowledge base: inside the installed wheel, or data/ beside src/ in a checkout."""
    packaged = Path(__file__).parent / "data"
    return packaged if packaged.is_dir() else Path(__file__).resolve().parents[2] / "data"


def resolve_kb_dir(option: Path | None) -> Path:
    """``--kb`` wins, then ``IRTELE_KB``, then the bundled knowledge base."""
    if option is not None:
        return option
    from_env = os.environ.get(KB_ENV)
    return Path(from_env) if from_env else default_kb_dir()


def load_knowledge_base(directory: Path) -> KnowledgeBase:
    """Read and validate every file, then the references between them; report all problems at once."""
    if not directory.is_dir():
        raise DocumentError([f"{directory}: not a directory holding a knowledge base"])
    problems: list[str] = []
    parts: dict[str, Any] = {}
    for name, model in FILES.items():
        parts[name] = _load_file(directory, name, model, problems)
    roles: list[Role] = []
    role_files = sorted((directory / ROLES_DIR).glob("*.yaml"))
    if not role_files:
        problems.append(f"{directory / ROLES_DIR}: no role files (*.yaml) found")
    for path in role_files:
        role = _load_file(directory, f"{ROLES_DIR}/{path.name}", Role, problems)
        if isinstance(role, Role):
            if role.id != path.stem:
                problems.append(f"{path}: id: '{role.id}' must match the file name '{path.stem}'")
            roles.append(role)
    if problems:
        raise DocumentError(problems)
    kb = KnowledgeBase.model_construct(  # every part is validated already, file by file
        article=parts["article.yaml"],
        domains=parts["domains.yaml"].domains,
        job_types=parts["job_types.yaml"].job_types,
        roles=roles,
        compensation=parts["compensation.yaml"],
        checklist=parts["checklist.yaml"].checklist,
        preparation=parts["preparation.yaml"].preparation,
        lifestyle=parts["lifestyle.yaml"].lifestyle,
        trends=parts["trends.yaml"].trends,
        faq=parts["faq.yaml"].faq,
        scoring=parts["scoring.yaml"],
        questions=parts["questions.yaml"].questions,
        licensing=parts["licensing.yaml"],
        offer_questions=parts["offer_questions.yaml"],
    )
    problems = [f"{directory / file}: {problem}" for file, problem in reference_problems(kb)]
    if problems:
        raise DocumentError(problems)
    return kb


def _load_file(directory: Path, name: str, model: type[Model], problems: list[str]) -> Model | None:
    path = directory / name
    if not path.is_file():
        problems.append(f"{path}: file is missing")
        return None
    try:
        return model.model_validate(read_document(path))
    except DocumentError as error:
        problems.extend(error.problems)
    except ValidationError as error:
        problems.extend(format_validation_error(str(path), error, model))
    return None


def find_role(kb: KnowledgeBase, role_id: str) -> Role:
    """The role with this id, or an error that suggests the closest ids."""
    role = kb.roles_by_id.get(role_id.strip().lower())
    if role is not None:
        return role
    hint = did_you_mean(role_id.lower(), kb.roles_by_id, cutoff=0.4) or "; run 'irtele roles' to list them"
    raise IrteleError(f"unknown role id '{role_id}'{hint}")


def summary(kb: KnowledgeBase) -> str:
    """What a knowledge base holds, in one line."""
    counts = [
        (len(kb.roles), "roles"),
        (len(kb.domains), "domains"),
        (len(kb.job_types), "job types"),
        (len(kb.compensation.models), "pay models"),
        (len(kb.checklist), "checklist items"),
        (len(kb.preparation), "preparation actions"),
        (len(kb.lifestyle), "lifestyle notes"),
        (len(kb.trends), "trends"),
        (len(kb.faq), "FAQ answers"),
        (len(kb.scoring.rules), "scoring rules"),
        (len(kb.licensing.states), "states in the licensing table"),
    ]
    return ", ".join(f"{count} {noun}" for count, noun in counts)


def json_list(items: Sequence[BaseModel]) -> str:
    """A list of entries as indented JSON, the way every ``--format json`` prints it."""
    return json.dumps([item.model_dump(mode="json") for item in items], indent=2, ensure_ascii=False)


def json_schema(file: str | None = None) -> str:
    """The JSON Schema of every knowledge-base file, or of one (``roles``, ``checklist.yaml``, ...)."""
    models: dict[str, type[Model]] = {**FILES, f"{ROLES_DIR}/*.yaml": Role}
    schemas = {name: model.model_json_schema() for name, model in models.items()}
    if file is None:
        return json.dumps({"title": "irtele knowledge base", "files": schemas}, indent=2)
    wanted = file.removesuffix(".yaml").removesuffix("/*")
    for name, schema in schemas.items():
        if name.removesuffix(".yaml").removesuffix("/*") == wanted:
            return json.dumps(schema, indent=2)
    names = ", ".join(name.removesuffix(".yaml").removesuffix("/*") for name in schemas)
    raise IrteleError(f"--file: unknown knowledge-base file '{file}'; choose one of: {names}")
