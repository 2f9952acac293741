"""The CMS's local backend, answered by ``ocop serve`` itself.

Decap CMS talks to a local folder through one endpoint that takes
``{action, params}`` as JSON (the protocol of ``decap-server``'s local file
system middleware). Here every save is checked before anything is written:

- paths stay inside the catalogue's folders; a new entry's folder or file is
  named by its ID in capitals (the CMS lower-cases the names it makes);
- an uploaded file gets a clean name beside its entry and passes the same
  hostile-file checks as the build (``images.checks``), or nothing is written;
- the whole catalogue is validated with the new content in place, and a save
  that adds a problem is refused with the ``path:line: message`` lines of
  ``ocop validate``;
- only the values that changed are merged into the file (``entries``).

Only loopback clients may use it (``client_allowed``), even when the preview
listens on every interface.
"""
from __future__ import annotations

import base64
import hashlib
import ipaddress
import re
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import urlsplit

from ..config import project_problems
from ..images.checks import ALLOWED, MAX_FILE_BYTES, check_image
from ..importer.areas import AreaBook
from ..importer.plan import Catalogue as ImportCatalogue, Numbers
from ..importer.state import STATE_FILE, ImportState
from ..pipeline.load import AREAS_FILE, POINTS_OF_SALE_FILE, POINTS_OF_SALE_FOLDER, PRODUCT_FILE, Source, load
from ..pipeline.validate import DOCUMENT_SUFFIXES, validate
from ..places.official import official_lists
from ..problems import Problem, Problems
from ..schema import Areas, PointOfSale, Product
from ..settings import Project
from ..slug import slugify
from ..stored import write_atomic
from ..yamlfile import YamlProblem, parse_yaml
from .entries import for_the_form, merged_text, parse_form
from .fields import model_shapes

API_PATH = "/__ocop/cms/api/v1"
MEDIA_SUFFIXES = tuple(ALLOWED) + DOCUMENT_SUFFIXES
MAX_REQUEST_BYTES = 64 * 2**20  # a 30 MB photo is 40 MB in base64
LOOPBACK_NAMES = ("localhost", "127.0.0.1", "[::1]")
NUMBERED = re.compile(r"^(.+)-(\d+)$")


class ApiError(Exception):
    """Refused: ``message`` is shown in the editor."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status, self.message = status, message


# --- who may use it -------------------------------------------------------------------

def client_allowed(address: str, host: str | None, origin: str | None, content_type: str | None) -> str | None:
    """None if the request may use the editor API, else why not.

    The client must be this computer (a loopback address); the Host it asked
    for must be a loopback name (a web page cannot reach the API by pointing a
    DNS name at 127.0.0.1); a browser request must come from the editor's own
    origin; and the body must be JSON, which a page on another site cannot
    send without a CORS preflight this server never answers.
    """
    try:
        if not ipaddress.ip_address(address.split("%")[0]).is_loopback:
            return "the editor answers only this computer (open it on http://127.0.0.1)"
    except ValueError:
        return "the editor answers only this computer"
    if not host or urlsplit(f"//{host}").hostname not in ("localhost", "127.0.0.1", "::1"):
        return "the editor must be opened as http://127.0.0.1:<port>/admin/ or http://localhost:<port>/admin/"
    if origin and urlsplit(origin).netloc != host:
        return "the editor API answers only the editor's own page"
    if not content_type or content_type.split(";")[0].strip().lower() != "application/json":
        return "the editor API takes JSON only"
    return None


# --- which file is which --------------------------------------------------------------

@dataclass
class Kind:
    model: type
    folder: Path  # where its files and media live

    @property
    def shapes(self):
        return model_shapes(self.model)


@dataclass
class Pending:
    """What one save would write: text files and uploads, by absolute path."""

    texts: dict[Path, str] = field(default_factory=dict)
    media: dict[Path, bytes] = field(default_factory=dict)
    new_product: tuple[str, int] | None = None  # (prefix, number) a new product takes


class EditorApi:
    def __init__(self, project: Project, known: Callable[[], dict] = dict):
        self.project = project
        self.root = project.root.resolve()
        self.known = known  # the preview's validated products by file hash: unchanged files are not parsed again
        self.language = project.default_language

    # --- paths ---------------------------------------------------------------------

    def path_of(self, relative) -> Path:
        """The absolute path of a path the CMS names, refused outside the catalogue's folders."""
        if not isinstance(relative, str) or not relative or "\\" in relative or "\0" in relative:
            raise ApiError(400, f"not a path: {relative!r}")
        parts = PurePosixPath(relative).parts
        if PurePosixPath(relative).is_absolute() or ".." in parts or any(p.startswith(".") for p in parts):
            raise ApiError(403, f"{relative}: outside the catalogue's folders")
        path = self.root.joinpath(*parts)
        if not any(path.is_relative_to(folder) for folder in self.editable_folders()):
            raise ApiError(403, f"{relative}: the editor edits only products/ and catalogue/")
        real = path.resolve()
        if not any(real.is_relative_to(folder.resolve()) for folder in self.editable_folders()):
            raise ApiError(403, f"{relative}: a link out of the catalogue's folders")
        return path

    def editable_folders(self) -> tuple[Path, ...]:
        return (self.project.products_dir, self.project.catalogue_dir)

    def relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()

    def kind_of(self, path: Path) -> Kind:
        catalogue, products = self.project.catalogue_dir, self.project.products_dir
        if path.name == PRODUCT_FILE and path.parent.parent == products:
            return Kind(Product, path.parent)
        if path.parent == catalogue / POINTS_OF_SALE_FOLDER and path.suffix == ".yaml":
            return Kind(PointOfSale, catalogue / "areas")
        if path == catalogue / AREAS_FILE:
            return Kind(Areas, catalogue / "areas")
        raise ApiError(403, f"{self.relative(path)}: not a file the editor edits")

    def on_disk(self, path: Path) -> Path:
        """The file as it is named on disk: the CMS lower-cases the ID in a new entry's path."""
        if path.exists():
            return path
        products, points = self.project.products_dir, self.project.catalogue_dir / POINTS_OF_SALE_FOLDER
        if path.name == PRODUCT_FILE and path.parent.parent == products:
            return products / path.parent.name.upper() / PRODUCT_FILE
        if path.parent == points:
            return points / (path.stem.upper() + path.suffix)
        return path

    # --- the protocol --------------------------------------------------------------

    def handle(self, body) -> tuple[int, object]:
        if not isinstance(body, dict) or not isinstance(body.get("params", {}), dict):
            return 400, {"error": "a request is {action, params}"}
        action, params = body.get("action"), body.get("params") or {}
        handler = getattr(self, f"action_{action}", None) if isinstance(action, str) and action.isidentifier() else None
        if handler is None:
            return 422, {"error": f"Unknown action {action}"}
        try:
            return 200, handler(params)
        except ApiError as exc:
            return exc.status, {"error": exc.message}

    def action_info(self, params):
        return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}

    def action_entriesByFolder(self, params):
        folder = self.path_of(params.get("folder"))
        extension = str(params.get("extension") or "")
        depth = int(params.get("depth") or 1)
        return [self.entry(path) for path in files_below(folder, extension, depth)]

    def action_entriesByFiles(self, params):
        files = params.get("files") or []
        return [self.entry(self.path_of(f.get("path") if isinstance(f, dict) else None),
                           f.get("label")) for f in files]

    def action_getEntry(self, params):
        return self.entry(self.path_of(params.get("path")))

    def entry(self, path: Path, label=None) -> dict:
        found = self.on_disk(path)
        file = {"path": self.relative(path), "label": label}
        try:
            content = found.read_bytes()
        except OSError:
            return {"data": None, "file": {**file, "id": None}}
        try:
            data = for_the_form(content.decode("utf-8"), self.kind_of(path).shapes, self.language)
        except Exception:  # noqa: BLE001 - not UTF-8 or not YAML: the CMS shows the raw text, validate names it
            data = content.decode("utf-8", "replace")
        return {"data": data, "file": {**file, "id": hashlib.sha256(content).hexdigest()}}

    def action_getMedia(self, params):
        folder = self.path_of(params.get("mediaFolder"))
        return [self.media_file(path) for path in files_below(folder, "", 1) if path.suffix.lower() in MEDIA_SUFFIXES]

    def action_getMediaFile(self, params):
        return self.media_file(self.path_of(params.get("path")))

    def media_file(self, path: Path) -> dict:
        try:
            content = path.read_bytes()
        except OSError:
            raise ApiError(404, f"{self.relative(path)}: no such file") from None
        return {"id": hashlib.sha256(content).hexdigest(), "content": base64.b64encode(content).decode(),
                "encoding": "base64", "path": self.relative(path), "name": path.name}

    def action_getDeployPreview(self, params):
        return None

    def action_persistMedia(self, params):
        asset = params.get("asset") or {}
        pending = Pending()
        target = self.add_upload(pending, asset)
        self.check_and_write(pending)
        return self.media_file(target)

    def action_deleteFile(self, params):
        return self.delete([params.get("path")])

    def action_deleteFiles(self, params):
        return self.delete(list(params.get("paths") or []))

    def delete(self, relatives: list) -> dict:
        paths = [self.path_of(r) for r in relatives]
        for path in paths:
            if path.suffix.lower() not in MEDIA_SUFFIXES:
                raise ApiError(403, f"{self.relative(path)}: the editor deletes photos and documents only")
        self.refuse_new_problems(Pending(), removed={p.resolve() for p in paths})
        for path in paths:
            path.unlink(missing_ok=True)
        return {"message": f"deleted files {', '.join(self.relative(p) for p in paths)}"}

    def action_persistEntry(self, params):
        data_files = params.get("dataFiles") or ([params["entry"]] if params.get("entry") else [])
        if not data_files:
            raise ApiError(400, "nothing to save")
        pending = Pending()
        renames = {}
        for asset in params.get("assets") or []:
            wanted = self.path_of(asset.get("path") if isinstance(asset, dict) else None)
            renames[wanted.name] = self.add_upload(pending, asset).name
        for data_file in data_files:
            self.add_entry(pending, data_file, renames)
        self.check_and_write(pending)
        return {"message": "entry persisted"}

    # --- saving ----------------------------------------------------------------------

    def add_entry(self, pending: Pending, data_file: dict, renames: dict) -> None:
        path = self.path_of(data_file.get("path"))
        kind = self.kind_of(path)
        try:
            form = parse_form(str(data_file.get("raw") or ""))
        except Exception as exc:  # noqa: BLE001 - the CMS's own YAML; never a traceback
            raise ApiError(400, f"{self.relative(path)}: the editor sent unreadable YAML ({exc})") from None
        if not isinstance(form, dict):
            raise ApiError(400, f"{self.relative(path)}: the editor sent no fields")
        form = renamed(form, renames)
        target = self.on_disk(path)
        old = target.read_text("utf-8") if target.is_file() else None
        if old is None and kind.model is Product:
            pending.new_product = self.new_product_number(target, form)
        pending.texts[target] = merged_text(old, form, kind.shapes, self.language)

    def add_upload(self, pending: Pending, asset: dict) -> Path:
        """Where an uploaded file goes: a clean name in the folder the CMS asked for."""
        wanted = self.path_of(asset.get("path"))
        suffix = wanted.suffix.lower()
        if suffix not in MEDIA_SUFFIXES:
            raise ApiError(422, f"'{wanted.name}': only photos (.jpg, .jpeg, .png, .webp) and PDF documents "
                                "can be uploaded")
        try:
            content = base64.b64decode(str(asset.get("content") or ""), validate=True)
        except ValueError:
            raise ApiError(400, f"'{wanted.name}': the upload is damaged") from None
        folder = wanted.parent
        self.kind_of_media_folder(folder)
        target = folder / f"{slugify(wanted.stem) or 'tep'}{suffix}"
        number = 2
        while (target.exists() and target.read_bytes() != content) or (target in pending.media
                                                                        and pending.media[target] != content):
            target = folder / f"{slugify(wanted.stem) or 'tep'}-{number}{suffix}"
            number += 1
        problem = upload_problem(target.name, content)
        if problem:
            raise ApiError(422, f"Không tải lên được / not uploaded: {problem}")
        pending.media[target] = content
        return target

    def kind_of_media_folder(self, folder: Path) -> None:
        products = self.project.products_dir
        if folder.parent == products or folder == self.project.catalogue_dir / "areas":
            return
        raise ApiError(403, f"{self.relative(folder)}: files go beside a product's product.yaml "
                            "or in catalogue/areas/")

    def new_product_number(self, target: Path, form: dict) -> tuple[str, int]:
        """A new product takes an ID the importer's numbering has not given yet."""
        product_id = target.parent.name
        match = NUMBERED.match(product_id)
        state = ImportState.load(self.project.catalogue_dir / STATE_FILE)
        if target.parent.exists():
            raise ApiError(422, f"{self.relative(target.parent)}: this folder exists already; "
                                f"use the ID {self.next_product_id()}")
        if not match:
            raise ApiError(422, f"the ID '{product_id}' is not PREFIX-NUMBER; use {self.next_product_id()}")
        prefix, number = match.group(1), int(match.group(2))
        province = str((form.get("location") or {}).get("province") or "")
        numbers, areas, _ = self.numbering(state)
        wanted = numbers.prefix(areas.today_slug(province) or province, province) if province else prefix
        if prefix != wanted:
            raise ApiError(422, f"a product of {province} is numbered {wanted}-…; "
                                f"use {numbers.next(areas.today_slug(province) or province, province)}")
        if number <= state.numbers.get(prefix, 0):
            raise ApiError(422, f"the number {product_id} was given before (numbers are never reused); "
                                f"use {self.next_product_id()}")
        return prefix, number

    def next_product_id(self) -> str:
        """The next ID under the office's province prefix, by the importer's numbering."""
        numbers, areas, catalogue = self.numbering(ImportState.load(self.project.catalogue_dir / STATE_FILE))
        province = office_province(self.project.id_prefixes, catalogue)
        return numbers.next(areas.today_slug(province) or province, province)

    def numbering(self, state: ImportState) -> tuple[Numbers, AreaBook, ImportCatalogue]:
        """The importer's numbering of new products, the areas it reads today's provinces from,
        and the products it counts."""
        project = self.project
        catalogue = ImportCatalogue(project.products_dir, self.language, state)
        official_lists(project.cache_dir)
        areas = AreaBook(project.catalogue_dir / AREAS_FILE, self.language)
        numbers = Numbers(project.id_prefixes, catalogue, state, areas.today_slug)
        return numbers, areas, catalogue

    def check_and_write(self, pending: Pending) -> None:
        self.refuse_new_problems(pending)
        for path, content in sorted(pending.media.items()):
            write_atomic(path, content)
        for path, text in sorted(pending.texts.items()):
            write_atomic(path, text.encode("utf-8"))
        if pending.new_product:
            state_path = self.project.catalogue_dir / STATE_FILE
            state = ImportState.load(state_path)
            prefix, number = pending.new_product
            state.numbers[prefix] = max(state.numbers.get(prefix, 0), number)
            write_atomic(state_path, state.text().encode("utf-8"))

    # --- validation with the new content in place ------------------------------------

    def refuse_new_problems(self, pending: Pending, removed: set[Path] = frozenset()) -> None:
        after = self.problems(pending, removed)
        if not after:
            return
        before = {key(p) for p in self.problems(Pending())}  # problems already there are not this save's
        added = [p for p in after if key(p) not in before or self.root / p.path in pending.texts]
        if added:
            lines = "\n".join(str(p) for p in sorted(added))
            raise ApiError(422, f"Chưa lưu: nội dung này làm danh mục có lỗi / not saved, it would make the "
                                f"catalogue invalid:\n{lines}")

    def problems(self, pending: Pending, removed: set[Path] = frozenset()) -> list[Problem]:
        project = self.project
        problems = Problems(project.root)
        raw = load(project.catalogue_dir, project.products_dir, problems, self.known())
        for path, text in pending.texts.items():
            put_in_place(raw, path, source_of(path, text, problems), project)
        uploads = {path.resolve() for path in pending.media}

        def check_photo(relative: str, folder: Path) -> str | None:
            target = (folder / relative).resolve()
            if target in removed:
                return f"the photo '{relative}' does not exist"
            return None if target in uploads else check_image(relative, folder)

        catalogue = validate(raw, project.languages, problems, project.catalogue_dir, check_photo)
        project_problems(project, catalogue, problems)
        return problems.sorted()


def key(problem: Problem) -> tuple:
    return problem.path, problem.message


def source_of(path: Path, text: str, problems: Problems) -> Source | None:
    try:
        return Source(path, parse_yaml(text), hashlib.sha256(text.encode("utf-8")).hexdigest(), text=text)
    except YamlProblem as exc:
        problems.add(path, exc.line, exc.message)
        return None


def put_in_place(raw, path: Path, source: Source | None, project: Project) -> None:
    """The raw catalogue with ``source`` read instead of the file at ``path`` (or as a new one)."""
    if path == project.catalogue_dir / AREAS_FILE:
        raw.areas = source
    elif path == project.catalogue_dir / POINTS_OF_SALE_FILE:
        raw.points_of_sale = source
    elif path.parent == project.catalogue_dir / POINTS_OF_SALE_FOLDER:
        raw.point_files = sorted([s for s in raw.point_files if s.path != path] + ([source] if source else []),
                                 key=lambda s: s.path.name)
    else:
        raw.products = sorted([s for s in raw.products if s.path != path] + ([source] if source else []),
                              key=lambda s: s.path.parent.name)


def renamed(value, renames: dict):
    """The form's values with uploaded files under the names they are saved as."""
    if isinstance(value, dict):
        return {k: renamed(v, renames) for k, v in value.items()}
    if isinstance(value, list):
        return [renamed(v, renames) for v in value]
    if isinstance(value, str) and value in renames:
        return renames[value]
    return value


def upload_problem(name: str, content: bytes) -> str | None:
    """The build's checks, on the uploaded bytes, before they are written anywhere in the project."""
    if len(content) > MAX_FILE_BYTES:
        return f"'{name}' is over {MAX_FILE_BYTES // 2**20} MB: export a smaller one"
    if name.lower().endswith(DOCUMENT_SUFFIXES):
        return None if content[:5] == b"%PDF-" else f"the document '{name}' is not a PDF file"
    with tempfile.TemporaryDirectory(prefix="ocop-upload-") as scratch:
        (Path(scratch) / name).write_bytes(content)
        return check_image(name, Path(scratch))


def files_below(folder: Path, extension: str, depth: int) -> list[Path]:
    """Files ending in ``extension`` down to ``depth`` levels, as decap-server lists them."""
    if depth <= 0 or not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.is_dir():
            found += files_below(path, extension, depth - 1)
        elif path.name.endswith(extension):
            found.append(path)
    return found


def office_province(prefixes: dict, catalogue: ImportCatalogue) -> str:
    """The province new products are numbered under: the one id_prefixes names, else the most common."""
    if len(prefixes) == 1:
        return next(iter(prefixes))
    provinces = Counter(str((p.data.get("location") or {}).get("province") or "")
                        for p in catalogue.products.values() if isinstance(p.data.get("location"), dict))
    provinces.pop("", None)
    return provinces.most_common(1)[0][0] if provinces else "ocop"
