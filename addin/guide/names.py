"""Name layer: folding user input to keys, alias indexes and did-you-mean suggestions."""

from __future__ import annotations

from collections import namedtuple
from types import MappingProxyType

from ..base.errors import AmbiguousNameError, DataError, UnknownNameError
from ..base.inputs import is_blank  # noqa: F401  (the one blank rule; imported from here too)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

    from .data import Tables


def fold(name: str) -> str:
    """Return the lookup key of a name: case-folded, letters and digits only.

    >>> fold("  Mid – level ")
    'midlevel'
    """
    return "".join(filter(str.isalnum, name.casefold()))


def words(name: str) -> tuple[str, ...]:
    """Return the case-folded words of a name ("LLM fine-tuning" -> llm, fine, tuning)."""
    return tuple("".join(c if c.isalnum() else " " for c in name.casefold()).split())


class NameIndex:
    """One dict from folded key to canonical name, with the display names for suggestions."""

    __slots__ = ("kind", "keys", "names", "hint", "role")

    def __init__(self, kind: str, hint: str, role: str | None = None):
        self.kind, self.hint, self.role = kind, hint, role
        self.keys: dict[str, str] = {}
        self.names: list[str] = []

    def add(self, name: str, target: str, file: str, line: int) -> None:
        key = fold(name)
        if not key:
            raise DataError(file, line, f"{self.kind} name {name!r} has no letters or digits")
        if self.keys.get(key, target) != target:
            raise DataError(
                file, line,
                f'{self.kind} "{name}" folds to the same key as "{self.keys[key]}"',
            )
        self.keys[key] = target
        if target not in self.names:
            self.names.append(target)

    def find(self, name: str) -> str | None:
        """Return the canonical name for ``name``, or None."""
        return self.keys.get(fold(name))

    def get(self, name: object) -> str:
        """Return the canonical name for ``name``; raise UnknownNameError with suggestions."""
        if isinstance(name, str):
            found = self.keys.get(fold(name))
            if found is not None:
                return found
        raise self.unknown(name)

    def unknown(self, name: object) -> UnknownNameError:
        """Return the error for an unknown name, with up to three close matches."""
        return UnknownNameError(
            self.kind, name, suggest(str(name), self.keys), self.names, self.hint, self.role
        )


def suggest(name: str, keys: Mapping[str, str], n: int = 3) -> list[str]:
    """Return up to ``n`` canonical names whose keys are close to ``name``."""
    import difflib  # only on a miss: keeps import and the hot path light

    out: list[str] = []
    for key in difflib.get_close_matches(fold(name), list(keys), n=n * 2, cutoff=0.6):
        if keys[key] not in out:
            out.append(keys[key])
    return out[:n]


class Index(namedtuple("Index", "roles regions stages levels day_levels skills skill_words")):
    """Every name of the guide, folded, with aliases from aliases.csv.

    ``levels`` and ``skills`` map a role to its NameIndex; ``skill_words`` maps a role to
    (skill, words of its name) pairs for keyword matching.
    """

    __slots__ = ()

    def skill(self, role: str, name: object) -> str:
        """Return the skill of ``role`` named, aliased or keyword-matched by ``name``.

        A keyword matches a skill when its words appear in order in the skill's name
        ("fine-tuning" matches "LLM fine-tuning (LoRA, QLoRA, RLHF)"). Raises
        UnknownNameError, or AmbiguousNameError when a keyword matches two skills.
        """
        index = self.skills[role]
        if isinstance(name, str):
            found = index.find(name)
            if found is not None:
                return found
            query = words(name)
            if query:
                hits = [s for s, w in self.skill_words[role] if _contains(w, query)]
                if len(hits) == 1:
                    return hits[0]
                if hits:
                    raise AmbiguousNameError(f"{role} skill", name, hits)
        raise index.unknown(name)


def _contains(haystack: tuple[str, ...], needle: tuple[str, ...]) -> bool:
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def build_index(g: Tables) -> Index:
    """Build every name index from an edition's tables; raise DataError on a colliding name."""
    roles = NameIndex("role", "List them with {GUIDE_ROLES}.")
    for role in g.roles:
        roles.add(role, role, "roles.csv", 0)
    regions = NameIndex("region", "List them with {GUIDE_REGIONS}.")
    for region in g.regions:
        regions.add(region, region, "regions.csv", 0)
    stages = NameIndex("stage", "List them with `ukaipay list stages`.")
    for stage in g.stages:
        stages.add(stage, stage, "stages.csv", 0)

    levels = {}
    for role, lv in g.levels.items():
        levels[role] = NameIndex(f"{role} level", "List them with {GUIDE_LEVELS}.", role)
        for level in lv:
            levels[role].add(level.name, level.name, "levels.csv", 0)
    # No hint: an unknown level's error already lists these three.
    day_levels = NameIndex("day-rate level", "")
    for level in g.day_rate_levels:
        day_levels.add(level, level, "day_rates.csv", 0)

    skills, skill_words = {}, {}
    for role, table in g.skills.items():
        skills[role] = NameIndex(f"{role} skill", "List them with {GUIDE_SKILLS}.", role)
        for skill in table:
            skills[role].add(skill, skill, "skill_premiums.csv", 0)
        skill_words[role] = tuple((s, words(s)) for s in table)

    plain = {"role": roles, "region": regions, "stage": stages}
    for a in g.aliases:
        if a.kind in plain:
            plain[a.kind].add(a.alias, a.name, "aliases.csv", a.line)
        elif a.kind == "skill":
            skills[a.role].add(a.alias, a.name, "aliases.csv", a.line)
        else:  # level: per role, "@top" is that role's top level
            for role, lv in g.levels.items():
                _add_level(levels[role], a, lv[-1].name, {x.name for x in lv})
            _add_level(day_levels, a, g.day_rate_levels[-1], set(g.day_rate_levels))

    return Index(
        roles, regions, stages, MappingProxyType(levels), day_levels,
        MappingProxyType(skills), MappingProxyType(skill_words),
    )


def _add_level(index: NameIndex, alias, top: str, names: Iterable[str]) -> None:
    target = top if alias.name == "@top" else alias.name
    if target in names:
        index.add(alias.alias, target, "aliases.csv", alias.line)


def search(text: str, idx: Index, limit: int = 10) -> list[tuple[str, str, float]]:
    """Return up to ``limit`` (kind, name, score) matches for ``text`` across every name of
    ``idx`` (an edition's index: ``current_edition().index``).

    Score is from 0 to 1: difflib's ratio of the folded text against the whole folded
    name, or 0.95 x its ratio against the name's best-matching word, whichever is higher
    (a typo of one word of a long name, "kubernets", still finds it), raised to at least 0.9 where one key
    contains the other. Best first; scores below 0.5 are left out.

    >>> from addin.guide.edition import current_edition
    >>> search("kubernets", current_edition().index)[0][1]
    'Kubernetes orchestration & Helm charts'
    """
    import difflib

    query = fold(text)
    if not query:
        return []
    matcher = difflib.SequenceMatcher(None, b=query)  # b is cached: set it once

    def ratio(key: str) -> float:
        matcher.set_seq1(key)
        return matcher.ratio()

    pools = [("role", idx.roles), ("region", idx.regions), ("stage", idx.stages)]
    pools += [("level", ix) for ix in idx.levels.values()] + [("level", idx.day_levels)]
    pools += [(f"skill ({role})", ix) for role, ix in idx.skills.items()]
    best: dict[tuple[str, str], float] = {}
    for kind, ix in pools:
        for key, name in ix.keys.items():
            # A word scores at most 0.95, so only the whole name (or an alias) scores 1.
            score = max([ratio(key)] + [0.95 * ratio(w) for w in words(name)])
            if query in key or key in query:
                score = max(score, 0.9 if key != query else 1.0)
            if score >= 0.5 and score > best.get((kind, name), 0):
                best[(kind, name)] = score
    ranked = sorted(best.items(), key=lambda kv: (-kv[1], kv[0]))
    return [(kind, name, round(score, 3)) for (kind, name), score in ranked[:limit]]
