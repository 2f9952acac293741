"""The project's settings in mkdocs.yml, checked in one place with their real lines.

The theme engine validates the types of its own keys and of the plugin's
options (see adapters/); what only the catalogue can judge is declared here,
one rule per setting: whether ``site_url`` can go in a QR code, whether the
kiosk names products and areas that exist, whether the ID prefixes make
valid IDs, whether the share cards can draw the site's name. All of them
run on every build, so an office sees every mistake at once, each at the line
where it is written.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urlsplit

import yaml

from . import fonts
from .pipeline.validate import undrawable_message
from .problems import Problems
from .schema import ID_PATTERN
from .settings import Project
from .yamlfile import LineDict, LineList, _Loader, line_of

PLUGIN = "ocop"


# --- where a setting is written ------------------------------------------------------

class _ConfigLoader(_Loader):  # type: ignore[misc,valid-type]
    """Reads mkdocs.yml as MkDocs would, without running what its tags name (!ENV, !!python/name:)."""


def _tag_as_plain_value(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    return loader.construct_sequence(node) if isinstance(node, yaml.SequenceNode) else loader.construct_mapping(node)


_ConfigLoader.add_multi_constructor("", _tag_as_plain_value)


class ConfigLines:
    """The line of each setting of mkdocs.yml; line 1 when the file cannot be read."""

    def __init__(self, config_file: Path):
        self.path = config_file
        try:
            text = unicodedata.normalize("NFC", config_file.read_text("utf-8").removeprefix("\ufeff"))
            self.data = yaml.load(text, Loader=_ConfigLoader)  # noqa: S506 - a SafeLoader subclass
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            self.data = None

    def line(self, *keys) -> int:
        """The line of ``keys`` (``"plugins", "ocop", ...`` finds the plugin in either form MkDocs accepts)."""
        if keys[:2] == ("plugins", PLUGIN):
            plugins = self.data.get("plugins") if isinstance(self.data, LineDict) else None
            if isinstance(plugins, LineList):
                for index, entry in enumerate(plugins):
                    if entry == PLUGIN or (isinstance(entry, LineDict) and PLUGIN in entry):
                        return line_of(self.data, ("plugins", index, PLUGIN, *keys[2:])) \
                            if isinstance(entry, LineDict) else plugins.item_lines[index]
        return line_of(self.data, keys) if self.data is not None else 1

    def line_of_engine_message(self, message: str) -> int:
        """The line an engine's message is about: "Config value 'plugins': Plugin 'ocop' option 'page_size': ..."."""
        keys: list[str] = []
        setting = re.match(r"Config value '([^']+)'", message)
        if setting:
            keys.append(setting.group(1))
            plugin = re.search(r"Plugin '([^']+)' option '([^']+)'", message)
            if plugin:
                keys += [plugin.group(1), plugin.group(2)]
        return self.line(*keys) if keys else 1


# --- the rules -------------------------------------------------------------------

Finding = tuple[tuple, str, bool]  # (where, below the rule's keys; message; is it an error)


@dataclass(frozen=True)
class Rule:
    keys: tuple  # where the setting is written
    check: Callable[[Any, Any], Iterator[Finding]]  # (the setting's value, validated catalogue or None)
    value: Callable[[Project], Any] = lambda project: project


def site_url_findings(project: Project, catalogue) -> Iterator[Finding]:
    url = project.site_url
    if not url:
        yield (), ("site_url is missing: QR codes need the absolute address of the published site, "
                   "e.g. site_url: https://ocop.example.vn/"), True
    elif urlsplit(url).scheme not in ("http", "https") or not urlsplit(url).netloc:
        yield (), (f"site_url '{url}' is not an absolute web address: QR codes need one such as "
                   "https://ocop.example.vn/"), True


def site_name_findings(project: Project, catalogue) -> Iterator[Finding]:
    lacking = fonts.missing(project.site_name or "")
    if lacking:
        yield (), undrawable_message("site_name", lacking), False


def site_names_findings(project: Project, catalogue) -> Iterator[Finding]:
    for language, name in project.site_names:
        lacking = fonts.missing(name)
        if lacking:
            yield (language,), undrawable_message(f"site_name: {language}", lacking), False


def kiosk_product_findings(project: Project, catalogue) -> Iterator[Finding]:
    if catalogue is None:
        return
    known = {entry.product.id for entry in catalogue.products}
    for index, product_id in enumerate(project.kiosk.products):
        if product_id not in known:
            yield (index,), f"kiosk: products: no product has the ID '{product_id}'", True


def kiosk_district_findings(project: Project, catalogue) -> Iterator[Finding]:
    if catalogue is None:
        return
    known = {district.id for province in catalogue.areas.provinces for district in province.districts}
    for index, district in enumerate(project.kiosk.districts):
        if district not in known:
            yield (index,), f"kiosk: districts: '{district}' is not a district of catalogue/areas.yaml", True


def id_prefix_findings(prefixes: dict, catalogue) -> Iterator[Finding]:
    for province, prefix in prefixes.items():
        if not valid_id_prefix(prefix):
            yield (province,), (f"id_prefixes: '{prefix}' (for {province}) must be capitals, digits and '-', "
                                "e.g. TV"), True


def valid_id_prefix(prefix) -> bool:
    return isinstance(prefix, str) and bool(re.fullmatch(r"[A-Z0-9][A-Z0-9-]*", prefix)) \
        and bool(re.match(ID_PATTERN, f"{prefix}-0001"))


GIT_BACKENDS = ("github", "gitlab", "gitea")


def edit_findings(edit: dict, catalogue) -> Iterator[Finding]:
    """The Git host the editor at admin/ commits to."""
    if not edit:
        return
    if edit.get("backend") not in GIT_BACKENDS:
        yield ("backend",), (f"edit: backend must be one of {', '.join(GIT_BACKENDS)}, "
                             f"not {edit.get('backend')!r}"), True
    if not isinstance(edit.get("repo"), str) or not re.fullmatch(r"[\w.-]+(/[\w.-]+)+", edit.get("repo") or ""):
        yield ("repo",), "edit: repo must name the repository as owner/name, e.g. so-nn-ptnt/ocop-catalogue", True
    if edit.get("backend") == "gitea" and not edit.get("base_url"):
        yield ("base_url",), ("edit: a gitea backend needs base_url (the address of your Gitea, "
                              "e.g. https://git.example.vn) and app_id (its OAuth2 application)"), True
    if edit.get("publish_mode") == "editorial_workflow" and edit.get("backend") == "gitea":
        yield ("publish_mode",), "edit: the CMS's gitea backend has no editorial workflow (pull requests)", True


RULES = (
    Rule(("site_url",), site_url_findings),
    Rule(("site_name",), site_name_findings),
    Rule(("plugins", PLUGIN, "site_name"), site_names_findings),
    Rule(("plugins", PLUGIN, "kiosk", "products"), kiosk_product_findings),
    Rule(("plugins", PLUGIN, "kiosk", "districts"), kiosk_district_findings),
)
ID_PREFIXES = Rule(("plugins", PLUGIN, "id_prefixes"), id_prefix_findings, lambda project: project.id_prefixes)
RULES += (ID_PREFIXES, Rule(("plugins", PLUGIN, "edit"), edit_findings, lambda project: project.edit))


def project_problems(project: Project, catalogue, problems: Problems) -> None:
    """Every rule, each finding at the line of the setting it is about."""
    lines = ConfigLines(project.config_file)
    for rule in RULES:
        report_rule(rule, rule.value(project), project.config_file, problems, catalogue, lines)


def report_rule(rule: Rule, value, config_file: Path, problems: Problems, catalogue=None,
                lines: ConfigLines | None = None) -> None:
    lines = lines or ConfigLines(config_file)
    for below, message, is_error in rule.check(value, catalogue):
        (problems.add if is_error else problems.warn)(config_file, lines.line(*rule.keys, *below), message)
