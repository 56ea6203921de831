"""A server's own content, the workflows: import with preview and confirm, export, add, edit,
remove, and the Confirm/Cancel buttons they show. Decoding uploads is ``uploads``; building forms
and naming their problems is ``forms``.

Every change is validated completely (the same checks as a content file on disk) before anything
is written, so a mistake changes nothing. Films a server adds or imports belong to that server;
its own film shadows a global one with the same title and year. Global content is changed only by
the bot owner (or the CLI). Previews and forms never show plot text where Discord cannot hide it:
titles, section labels, levels and counts only.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import secrets
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot import audit
from bot.buttons import AddForm, DraftButton, EditForm, PendingAction, PendingButton, parse
from bot.catalog import FilmEntry
from bot.command_table import command_table
from bot.content.export import film_doc
from bot.content.film_file import (
    ContentError,
    FilmFile,
    content_hash,
    off_loop,
    parse_film_bytes,
)
from bot.content.loader import UPLOAD_ORIGIN
from bot.content.renames import Given, rename
from bot.content.schema import FilmDoc
from bot.content.works import film_key, revision, work_slug
from bot.content.yaml_dump import dump_film_yaml
from bot.db.film_lock import locked_version
from bot.db.models import GLOBAL_SCOPE, Film, PendingChange, utcnow
from bot.errors import InvalidInput, NotAllowed, NotFound
from bot.features.film.documents import Block, CitedSource, citation_levels
from bot.features.film_admin.forms import (
    EDITABLE,
    FORM_TEXT_LIMIT,
    SYNOPSIS,
    add_modal,
    check_fields,
    edit_modal,
    form_fields,
    kept_text,
    markers_as_spans,
    problem_lines,
    section_noun,
    spans_as_markers,
    validate_form,
    with_body,
)
from bot.features.film_admin.hiding import GlobalBehind, global_behind
from bot.features.film_admin.uploads import read_upload
from bot.invocation import ADMIN_PERMISSIONS, Invocation
from bot.labels import film_label, logged_label
from bot.levels import SectionKind, SpoilerLevel
from bot.replies import Attachment, Button, Colour, Embed, Reply, Style
from bot.spoiler_policy.chunking import truncate_rendered
from bot.spoiler_policy.markup import (
    Treatment,
    as_plain_text,
    escape_text,
    render_each,
    render_text,
    strip_markup,
    truncate_plain,
    wrap,
)

if TYPE_CHECKING:
    from bot.epilogue import Epilogue

log = logging.getLogger(__name__)

IMPORT = "admin.import"
DRAFT = "admin.draft"
"""A refused form's text, kept for its Edit again button (``FilmAdmin.reopen``)."""
TYPED = "typed:"
"""Before each field's name among a draft's arguments (the form's custom id is ``form``)."""
EDIT_AGAIN = "Edit again"
REMOVE = "admin.remove"
PREVIEWED = "previewed"
"""An import's argument: the revision of this server's version its preview was of (None: none)."""
PUBLIC_ROOM = 2500
GONE = "That film was removed, or this server cannot see it."
STALE_FORM = (
    "The film changed after you opened this form (someone else saved it, or it was loaded"
    " again). Nothing was saved: open the form again to save it."
)
SPOILER_PLACEHOLDER = "[spoiler]"
"""An author's inline spoiler in the plain public-text file."""
"""Characters of the import preview given to the text everyone will be able to read."""


def require_admin(invocation: Invocation) -> None:
    """Buttons and forms skip the command checks, so they check again who is pressing."""
    if invocation.guild_id is None:
        raise NotAllowed("Film content is managed in a server, not in DMs.")
    if not (invocation.is_owner or invocation.has_any(ADMIN_PERMISSIONS)):
        raise NotAllowed("Only server admins (Manage Server) can change this server's films.")


TITLE_MAY_TELL = (
    "⚠️ **This title may give the story away** (its words, or a teaser's or a question's"
    " shape): every member reads it, in lists, autocomplete and answers. If it does, press"
    " Cancel and import again naming the film alone (the `title:` option for an article, the"
    " file's `title:` for a content file)."
)
"""Said in the open under an import's preview whose title reads as telling the story."""
TITLE_TOLD_AFTER = (
    "⚠️ **Its title may give the story away** (its words, or a teaser's or a question's"
    " shape), and every member reads it. If it does: /film-admin export it, correct `title:`"
    " in the file and /film-admin import it (the film is renamed, its rules kept)."
)
"""Said after a form added a film whose title reads as telling the story: a form has no
preview, and only the admin who typed it can still fix it."""


class FilmAdmin:
    def __init__(self, app: Epilogue) -> None:
        self._app = app

    # --- import ------------------------------------------------------------------------------

    async def start_import(
        self,
        invocation: Invocation,
        upload: Attachment,
        *,
        title: str | None = None,
        year: int | None = None,
    ) -> Reply:
        """Validate an upload and show what it holds; nothing is saved until Confirm.

        The preview shows, verbatim, every piece of text that everyone will be able to read
        (level ``none``), so nothing becomes public without a person having read it.
        """
        name = truncate_plain(PurePath(upload.filename).name or "upload", 100)
        title = (title or "").strip() or None  # only spaces typed: the article's own title
        try:
            film_file, text, warnings = await off_loop(read_upload, upload, title, year, name=name)
        except ContentError as exc:
            raise InvalidInput(problem_lines("Nothing was saved:", exc.problems)) from None
        doc = film_file.doc
        exported = self._exported_as(invocation, name, doc)
        arguments: dict[str, str | int | None] = {"yaml": text, "filename": film_file.origin}
        if exported is not None:
            arguments["renames"] = exported.slug
        # The version the preview is of (what it says Confirm replaces), checked at Confirm
        # under the film's lock: a change saved since, in any process, is never replaced unseen.
        arguments[PREVIEWED] = self._own_revision(invocation, doc)
        token = await self._remember(invocation, IMPORT, arguments)
        placement = self._placement(invocation, doc, revision(film_file.content_hash))
        if exported is not None:
            renaming = _renaming(exported, doc, own=exported.guild_id == invocation.guild_id)
            # A film of the corrected name already here is replaced by it: said too.
            placement = renaming + ("" if placement.startswith("Adds") else f" {placement}")
        lines = [placement, "", "**Sections**"]
        for section in doc.sections:
            parts = ["text"] if section.body else []
            if section.items:
                parts.append(f"{len(section.items)} item{'s' * (len(section.items) != 1)}")
            lines.append(
                f"• {section.kind.label} · {section.effective_level.value} · {' and '.join(parts)}"
            )
        lines.append(f"**Sources**: {len(doc.sources)}")
        public = public_texts(doc)
        shown = "\n".join(f"**{where}:** {text}" for where, text in public)
        attachments: tuple[Attachment, ...] = ()
        lines += ["", "**Public text** (everyone may read this; the rest stays hidden)"]
        if len(shown) > PUBLIC_ROOM:
            # Rendered markdown: cut where no spoiler is left open (an author's ||span||).
            lines.append(truncate_rendered(shown, PUBLIC_ROOM))
            lines.append("*The full public text is in the attached file.*")
            # A plain file, which no client renders: bars there hide nothing, so an author's
            # inline spoilers are withheld from it, not wrapped.
            withheld = public_texts(doc, inline=Treatment.WITHHOLD, pointer=SPOILER_PLACEHOLDER)
            attachments = (Attachment("public-text.txt", _plain_public(withheld).encode()),)
        else:
            lines.append(shown or "*None besides the title and year.*")
        if await _title_may_tell(doc.title):
            # The title goes public with Confirm: a note behind bars, read "after loading",
            # came too late for it. The title is already shown above, so this says nothing more.
            lines += ["", TITLE_MAY_TELL]
        if warnings:
            # The importer's notes may quote the article's headings: hidden like spoilers.
            lines += ["", "**Check after loading** (notes from the importer)"]
            lines += [f"• {wrap(escape_text(warning))}" for warning in warnings[:10]]
        embed = Embed(
            title=f"Import {film_label(doc)}?"[:256],
            description=_fit_description(lines),
            footer="Nothing is saved until you press Confirm · Epilogue",
            colour=Colour.INFO,
        )
        buttons = (
            Button(
                "Confirm",
                PendingButton(PendingAction.CONFIRM_IMPORT, token).encode(),
                style=Style.SUCCESS,
            ),
            Button("Cancel", PendingButton(PendingAction.CANCEL, token).encode()),
        )
        return Reply(
            embeds=(embed,),
            rows=(buttons,),
            attachments=attachments,
            ephemeral=True,
            suppress_embeds=True,
        )

    def _own_revision(self, invocation: Invocation, doc: FilmDoc) -> str | None:
        """The content revision of this server's own version of ``doc``'s film, as this
        process's catalog lists it (None: none)."""
        slug = work_slug(doc.title, doc.year)
        own = self._app.catalog.by_key(
            invocation.guild_id, film_key(invocation.guild_id or 0, slug)
        )
        return None if own is None or own.guild_id != invocation.guild_id else own.revision

    def _placement(self, invocation: Invocation, doc: FilmDoc, uploaded: str) -> str:
        """Where the upload goes (``uploaded``: its content revision)."""
        slug = work_slug(doc.title, doc.year)
        seen = [e for e in self._app.catalog.films(invocation.guild_id) if e.slug == slug]
        own = [e for e in seen if e.guild_id == invocation.guild_id]
        if own and own[0].revision == uploaded:
            # The same file again (a second upload, a retry): Confirm would change nothing.
            return "This server already has exactly this version: Confirm changes nothing."
        if own:
            return "Replaces this server's own version of this film." + _left_out(own[0], doc)
        if seen:
            return "This server will see this version instead of the global one." + _left_out(
                seen[0], doc
            )
        return "Adds a film to this server."

    def _exported_as(self, invocation: Invocation, name: str, doc: FilmDoc) -> FilmEntry | None:
        """The film this server sees that the upload was exported from, under another title or
        year: ``/film-admin export`` names its file by the film's work, so a file of that name
        that now names another film is that film corrected (``bot.content.renames``)."""
        path = PurePath(name)
        if path.suffix.lower() not in (".yaml", ".yml"):
            return None  # an article: named by whoever saved it
        stem = path.stem.lower()
        if stem == work_slug(doc.title, doc.year):
            return None  # the same film: an ordinary replacement
        seen = [e for e in self._app.catalog.films(invocation.guild_id) if e.slug == stem]
        return seen[0] if seen else None

    async def _follow_rename(
        self, session: AsyncSession, invocation: Invocation, old_slug: str, doc: FilmDoc
    ) -> bool:
        """The film ``old_slug`` names is ``doc`` corrected: this server's version of it is
        removed and this server's embargo and hiding of it cover ``doc`` too. Whether any
        version was still there."""
        guild_id = invocation.guild_id
        assert guild_id is not None  # require_admin
        row = (
            await session.execute(
                select(Film.id, Film.guild_id, Film.title, Film.year)
                .where(Film.slug == old_slug, Film.guild_id.in_((guild_id, GLOBAL_SCOPE)))
                .order_by(Film.guild_id.desc())  # this server's own before the global one
                .limit(1)
            )
        ).first()
        if row is None:
            return False
        await rename(
            session,
            guild_id,
            Given(old_slug, row.title, row.year),
            Given(work_slug(doc.title, doc.year), doc.title, doc.year),
            UPLOAD_ORIGIN,
            # A global film stays for every other server (only the bot owner changes those).
            row.id if row.guild_id == guild_id else None,
            by=invocation.user_id,
            cause="as the file exported from it and imported back names it",
            now=audit.naive_utc(invocation.now),
        )
        return True

    async def _confirm_import(self, invocation: Invocation, token: str) -> Reply:
        async with self._app.sessions() as session:
            pending = await self._pending(session, invocation, token, IMPORT)
            args = pending.arguments
        name = str(args["filename"])
        try:
            parsed = await off_loop(parse_film_bytes, str(args["yaml"]).encode(), name, name=name)
        except ContentError as exc:
            raise InvalidInput(
                problem_lines(f"{escape_text(name)} no longer loads:", exc.problems)
            ) from None
        # The origin ``epilogue import`` names when a file replaces the film: not the upload's
        # name (an explainer saved from the web is named by its headline, often the twist),
        # which whoever runs the bot would read.
        film_file = FilmFile(parsed.doc, UPLOAD_ORIGIN, parsed.content_hash)
        label = film_label(parsed.doc)
        renames = args.get("renames")
        async with self._app.sessions() as session:
            stored = await locked_version(
                session, invocation.guild_id or 0, work_slug(parsed.doc.title, parsed.doc.year)
            )
            await _take(session, token)
            now = None if stored is None else revision(stored)
            if PREVIEWED in args and now != args[PREVIEWED]:
                await session.commit()  # the menu is answered: its preview no longer holds
                return _done(_changed_since_preview(label, args[PREVIEWED], now))
            # In the film's own transaction: never is the corrected film shown without them.
            renamed = bool(renames) and await self._follow_rename(
                session, invocation, str(renames), parsed.doc
            )
            loaded = await self._store_in(
                session,
                film_file,
                invocation.guild_id,
                invocation,
                "film-import",
                # Not the file's name: an explainer saved from the web is named by its
                # headline, which often states the twist, and every moderator reads the log.
                f"imported {logged_label(parsed.doc)} from an uploaded file",
            )
            await session.commit()
        if renamed:
            self._app.standings.forget_all()  # rules and seen marks were carried to it
        await self._app.catalog.refresh()
        if not loaded and not renamed:
            return _done(f"{label} is already loaded with exactly this content: nothing changed.")
        # By the film, not the file's name (an explainer's headline, often the twist itself):
        # whoever runs the bot reads this log, as moderators read theirs.
        log.info(
            "guild %s: user %s imported %s",
            invocation.guild_id,
            invocation.user_id,
            logged_label(parsed.doc),
        )
        return _done(f"✅ Loaded {label} for this server.")

    # --- export ------------------------------------------------------------------------------

    async def export(self, invocation: Invocation, entry: FilmEntry) -> Reply:
        async with self._app.sessions() as session:
            stored = await self._app.film.load(session, entry)
            text = dump_film_yaml(film_doc(stored))
        return Reply(
            content=(
                f"{film_label(stored)} as a content file: edit it, then load it"
                " back with /film-admin import."
            ),
            attachments=(Attachment(_file_name(stored.title, stored.year), text.encode()),),
            ephemeral=True,
        )

    # --- add ---------------------------------------------------------------------------------

    def add_form(self) -> Reply:
        return Reply(modal=add_modal())

    async def _submit_add(self, invocation: Invocation, values: dict[str, str]) -> Reply:
        title = values.get("title", "").strip()
        if not title:
            raise InvalidInput("The film needs a title: nothing was saved.")
        year_text = values.get("year", "").strip()
        if not year_text.isdecimal():
            shown = escape_text(truncate_plain(year_text, 20)) or "nothing"
            raise InvalidInput(
                f"Year must be a number like 2016, not '{shown}': nothing was saved."
            )
        sections = [
            {"kind": "quick_answer", "level": "ending", "body": values.get("quick_answer", "")}
        ]
        if values.get("ending", "").strip():
            sections.append({"kind": "ending", "level": "ending", "body": values["ending"]})
        raw = {
            "title": title,
            "year": int(year_text),
            "synopsis": values.get("synopsis", ""),
            "sections": sections,
        }
        doc = validate_form(raw)
        slug = work_slug(doc.title, doc.year)
        seen = [e for e in self._app.catalog.films(invocation.guild_id) if e.slug == slug]
        label = film_label(doc)
        if any(e.guild_id == invocation.guild_id for e in seen):
            raise InvalidInput(
                f"This server already has {label}: change it with /film-admin edit,"
                " or remove it first."
            )
        if seen and (lost := _lost_sections(seen[0], doc)):
            # A server version replaces the global one whole: a form's one or two sections
            # would take the rest away from this server's members.
            raise InvalidInput(
                f"Members here already read {film_label(seen[0])} with {', '.join(lost)}:"
                " a film added here would replace it, and those would no longer be answered."
                f" Nothing was saved. To change one part, use /film-admin edit"
                f" film:{film_label(seen[0])} section: (this server gets its own copy, with"
                " the rest kept); for more, /film-admin export it, edit the file and"
                " /film-admin import it."
            )
        if not await self._store(
            doc,
            invocation.guild_id,
            "/film-admin add",
            invocation,
            "film-add",
            f"added {logged_label(doc)}",
        ):  # the same add, made at the same time, stored it first
            return Reply.text(f"Nothing changed: this server already has {label} exactly so.")
        note = " It replaces the global version for this server." if seen else ""
        if await _title_may_tell(doc.title):
            note += f"\n{TITLE_TOLD_AFTER}"
        return Reply.text(f"✅ Added {label} to this server.{note}")

    # --- edit --------------------------------------------------------------------------------

    async def edit_form(
        self, invocation: Invocation, entry: FilmEntry, section: str, typed: str | None = None
    ) -> Reply:
        """The form that edits ``section`` of the film; ``typed``: filled in with what a
        refused one held (Edit again) rather than the film's text."""
        async with self._app.sessions() as session:
            stored = await self._app.film.load(session, entry)
        doc = film_doc(stored)
        items = 0
        if section == SYNOPSIS:
            current: str | None = doc.synopsis
            required = False
            public = below_ending = True
        else:
            existing = doc.section(SectionKind(section))
            current = existing.body if existing else None
            items = len(existing.items) if existing else 0
            required = not items
            public = _read_by_everyone(doc, section)
            below_ending = (
                existing is not None and existing.effective_level is not SpoilerLevel.ENDING
            )
        if typed is not None:
            # Already as the form showed it (markers for spans), and no longer than it held.
            current = typed[:FORM_TEXT_LIMIT]
        elif current and below_ending:
            # A form's field cannot hide: the spans of a text below ending go in as markers,
            # which the save puts back (``markers_as_spans``).
            current = spans_as_markers(current)
        if typed is None and current and len(current) > FORM_TEXT_LIMIT:
            raise InvalidInput(
                # "The ending" has its article already: "the the ending" otherwise.
                f"The {section_noun(section).removeprefix('the ')} of {film_label(stored)} is"
                f" {len(current)}"
                f" characters, more than a form holds ({FORM_TEXT_LIMIT}): use /film-admin export,"
                " edit the file, and load it back with /film-admin import."
            )
        form = EditForm(entry.key, revision(stored.content_hash), section)
        modal = edit_modal(
            form, stored.title, stored.year, current, required=required, items=items, public=public
        )
        return Reply(modal=modal)

    async def _submit_edit(
        self, invocation: Invocation, form: EditForm, values: dict[str, str]
    ) -> Reply:
        body_text = values.get("body", "")
        catalog = self._app.catalog
        entry = catalog.by_key(invocation.guild_id, form.film_key)
        if entry is None or entry.revision != form.revision or form.section not in EDITABLE:
            # A global film given a server copy since (another edit saved first) changed.
            gone = entry is None and catalog.copy_of(invocation.guild_id, form.film_key) is None
            if gone:
                return kept_text(f"{GONE} Nothing was saved.", body_text)
            # Refused as any mistake is: Edit again opens the form on the film as it is now.
            raise InvalidInput(STALE_FORM)
        section = form.section
        async with self._app.sessions() as session:
            stored = await self._app.film.load(session, entry)
            before = film_doc(stored)
            raw = before.model_dump()
        had = before.synopsis if section == SYNOPSIS else before.section(SectionKind(section))
        shown = had if isinstance(had, str) else had.body if had is not None else None
        body = markers_as_spans(body_text, shown or "").strip() or None
        doc = validate_form(with_body(raw, section, body))
        if entry.guild_id == GLOBAL_SCOPE and not invocation.is_owner:
            scope, where = invocation.guild_id, "this server's own copy"
        elif entry.guild_id == GLOBAL_SCOPE:
            scope, where = GLOBAL_SCOPE, "the global version"
        else:
            scope, where = entry.guild_id, "this server's version"
        label = film_label(doc)
        # A label may start with "The" ("The ending"): named once, after our own "the".
        what = section_noun(section).removeprefix("the ")
        detail = f"edited the {what} of {logged_label(doc)}, {where}"
        # Saved only onto the version the form was opened on, checked where it is written: in
        # place, that version; as a server's first copy, no copy yet (another save may have
        # made one since this process's catalog was read).
        on = form.revision if scope == entry.guild_id else None
        if not await self._store(
            doc, scope, "/film-admin edit", invocation, "film-edit", detail, on_version=on
        ):
            return Reply.text(f"The {what} of {label} already says exactly that: nothing changed.")
        public = section == SYNOPSIS or _read_by_everyone(doc, section)
        # Said again once saved: the form's field name is all that told them before.
        shown = (
            ": everyone reads it, unhidden, in every channel (keep how it ends out of it)"
            if public
            else ""
        )
        if not had:
            return Reply.text(f"✅ Added the {what} to {label} in {where}{shown}.")
        return Reply.text(f"✅ Saved the {what} of {label} in {where}{shown}.")

    # --- remove ------------------------------------------------------------------------------

    async def start_remove(self, invocation: Invocation, entry: FilmEntry) -> Reply:
        _may_change(invocation, entry)
        token = await self._remember(
            invocation, REMOVE, {"film_key": entry.key, "revision": entry.revision}
        )
        label = film_label(entry)
        question = (
            f"Remove {label} from this server? Its explanations are deleted; this cannot be undone."
        )
        if entry.guild_id == GLOBAL_SCOPE:
            question = question.replace("from this server", "for every server (global content)")
        behind = global_behind(self._app.catalog, invocation.guild_id or 0, entry)
        if behind is GlobalBehind.SHOWN:
            question = (
                f"Remove this server's own copy of {label} from this server? Its changes are"
                " deleted, which cannot be"
                " undone, and the global version shows in this server again (/film-admin hide"
                " then hides it)."
            )
        elif behind is GlobalBehind.HIDDEN:
            question += " The global version stays hidden here (/film-admin unhide brings it back)."
        buttons = (
            Button(
                "Remove",
                PendingButton(PendingAction.CONFIRM_REMOVE, token).encode(),
                style=Style.DANGER,
            ),
            Button("Cancel", PendingButton(PendingAction.CANCEL, token).encode()),
        )
        return Reply(
            content=question,
            rows=(buttons,),
            ephemeral=True,
        )

    async def _confirm_remove(self, invocation: Invocation, token: str) -> Reply:
        async with self._app.sessions() as session:
            pending = await self._pending(session, invocation, token, REMOVE)
            asked_on = pending.arguments.get("revision")
            entry = self._app.catalog.by_key(
                invocation.guild_id, str(pending.arguments.get("film_key") or "")
            )
            if entry is None:
                await _take(session, token)
                await session.commit()
                return _done("That film was already removed, or this server cannot see it.")
        _may_change(invocation, entry)
        async with self._app.sessions() as session:
            # The version stored now, under the film's lock: this process's catalog may not
            # have seen a change another process made since the question (an edit, a new
            # import), which the removal would otherwise delete without a word.
            stored = await locked_version(session, entry.guild_id, entry.slug)
            await _take(session, token)
            if stored is None or revision(stored) != asked_on:
                await session.commit()
                if stored is None:
                    return _done(f"{film_label(entry)} was already removed: nothing more to do.")
                again = command_table()["film-admin remove"].line_to_type(
                    film=escape_text(entry.title)
                )
                return _done(
                    f"{film_label(entry)} changed after you asked to remove it (another admin"
                    f" saved or loaded it): nothing was removed. Run {again} again if you still"
                    " want to."
                )
            # The version checked above, by its work: the lock holds it until the commit.
            await session.execute(
                delete(Film).where(Film.guild_id == entry.guild_id, Film.slug == entry.slug)
            )
            scope = "global" if entry.guild_id == GLOBAL_SCOPE else "this server's"
            self._audit(
                session,
                invocation,
                "film-remove",
                f"removed {logged_label(entry)}, {scope} version",
            )
            await session.commit()
        await self._app.catalog.refresh()
        label = film_label(entry)
        if entry.guild_id == GLOBAL_SCOPE:
            return _done(f"✅ Removed {label} for every server.")
        behind = global_behind(self._app.catalog, invocation.guild_id or 0, entry)
        note = {
            GlobalBehind.SHOWN: " This server sees the global version again.",
            GlobalBehind.HIDDEN: (
                " The global version stays hidden here (/film-admin unhide brings it back)."
            ),
            None: "",
        }[behind]
        return _done(f"✅ Removed {label} from this server.{note}")

    # --- buttons and forms -------------------------------------------------------------------

    async def press(self, invocation: Invocation, button: PendingButton) -> Reply:
        """Confirm or Cancel of a pending import or removal."""
        if button.action is PendingAction.CONFIRM_IMPORT:
            return await self._confirm_import(invocation, button.token)
        if button.action is PendingAction.CONFIRM_REMOVE:
            return await self._confirm_remove(invocation, button.token)
        async with self._app.sessions() as session:
            await self._pending(session, invocation, button.token, IMPORT, REMOVE)
            await _take(session, button.token)
            await session.commit()
        return _done("Cancelled: nothing was changed.")

    async def submit(
        self, invocation: Invocation, form: EditForm | AddForm, values: dict[str, str]
    ) -> Reply:
        """A submitted add or edit form."""
        require_admin(invocation)
        try:
            check_fields(form, values)
            if isinstance(form, AddForm):
                return await self._submit_add(invocation, values)
            return await self._submit_edit(invocation, form, values)
        except InvalidInput as refused:
            return await self._refused(invocation, form, values, refused.message)

    async def _refused(
        self,
        invocation: Invocation,
        form: EditForm | AddForm,
        values: dict[str, str],
        message: str,
    ) -> Reply:
        """A refused form's answer. Discord closes a form when it is sent, and an answer to
        one cannot be another form: the text comes back as a file, and with an Edit again
        button that opens the form once more, filled in with it (kept as a pending change)."""
        typed = _typed(form, values)
        if not typed.strip() or not values.keys() <= form_fields(form)[1]:
            return kept_text(message, typed)  # nothing to fill in, or fields it does not have
        arguments: dict[str, Any] = {"form": form.encode()}
        arguments |= {f"{TYPED}{name}": value for name, value in values.items()}
        token = await self._remember(invocation, DRAFT, arguments)
        again = Button(EDIT_AGAIN, DraftButton(token).encode(), style=Style.PRIMARY)
        return kept_text(message, typed, again=again)

    async def reopen(self, invocation: Invocation, button: DraftButton) -> Reply:
        """Edit again: the refused form once more, filled in with what was typed. An edit
        opens on the film as it is now (it may have changed: the refusal said so)."""
        async with self._app.sessions() as session:
            try:
                draft = await self._pending(session, invocation, button.token, DRAFT)
            except NotFound:
                raise NotFound(DRAFT_EXPIRED.format(hours=self._pending_hours)) from None
        form = parse(str(draft.arguments["form"]))
        typed = {
            name.removeprefix(TYPED): str(value or "")
            for name, value in draft.arguments.items()
            if name.startswith(TYPED)
        }
        if isinstance(form, AddForm):
            return Reply(modal=add_modal(typed))
        assert isinstance(form, EditForm)
        catalog = self._app.catalog
        entry = catalog.by_key(invocation.guild_id, form.film_key) or catalog.copy_of(
            invocation.guild_id, form.film_key
        )
        if entry is None or form.section not in EDITABLE:
            raise NotFound(
                "That film was removed, or this server cannot see it, so there is nothing to"
                " edit: what you typed is in the file attached above."
            )
        return await self.edit_form(invocation, entry, form.section, typed=typed.get("body", ""))

    @property
    def _pending_hours(self) -> int:
        return self._app.config.retention.pending_hours

    async def prune(self, now: dt.datetime | None = None) -> int:
        """Forget pending changes older than ``retention.pending_hours``; how many went."""
        cutoff = (now or utcnow()) - dt.timedelta(hours=self._app.config.retention.pending_hours)
        expired = PendingChange.created_at < cutoff
        # Read first: a start with nothing to prune must not wait for the write lock.
        async with self._app.sessions() as session:
            if not await session.scalar(select(func.count()).where(expired)):
                return 0
        async with self._app.sessions() as session, session.begin():
            result = await session.execute(delete(PendingChange).where(expired))
        return int(getattr(result, "rowcount", 0) or 0)

    # --- shared ------------------------------------------------------------------------------

    async def _store(
        self,
        doc: FilmDoc,
        scope: int,
        origin: str,
        invocation: Invocation,
        action: str,
        detail: str,
        *,
        on_version: str | Literal[False] | None = False,
    ) -> bool:
        """Store a validated film; False if the stored film already had exactly this content.

        ``on_version``: the content revision the change was made on (None: made on no stored
        film in ``scope``), checked under the film's lock in the writing transaction; a film
        stored otherwise by then refuses it (``STALE_FORM``). False: no check (a whole file).
        """
        digest = content_hash(dump_film_yaml(doc).encode())
        async with self._app.sessions() as session:
            if on_version is not False:
                stored = await locked_version(session, scope, work_slug(doc.title, doc.year))
                if (None if stored is None else revision(stored)) != on_version:
                    raise InvalidInput(STALE_FORM)
            loaded = await self._store_in(
                session, FilmFile(doc, origin, digest), scope, invocation, action, detail
            )
            await session.commit()
        await self._app.catalog.refresh()
        return loaded

    async def _store_in(
        self,
        session: AsyncSession,
        film_file: FilmFile,
        scope: int,
        invocation: Invocation,
        action: str,
        detail: str,
    ) -> bool:
        """The film and its audit entry, in the caller's one transaction."""
        report = await self._app.loader.store([film_file], guild_id=scope, session=session)
        if report.loaded:
            self._audit(session, invocation, action, detail)
        return bool(report.loaded)

    async def _remember(self, invocation: Invocation, kind: str, arguments: dict[str, Any]) -> str:
        """Store a change waiting for Confirm; its buttons name the returned random token."""
        token = secrets.token_hex(16)
        async with self._app.sessions() as session, session.begin():
            session.add(
                PendingChange(
                    token=token,
                    kind=kind,
                    arguments=arguments,
                    owner_id=invocation.user_id,
                    guild_id=invocation.guild_id,
                )
            )
        return token

    async def _pending(
        self, session: AsyncSession, invocation: Invocation, token: str, *kinds: str
    ) -> PendingChange:
        """The pending change a button names, if the presser started it and it has not expired."""
        pending = await session.get(PendingChange, token)
        hours = self._app.config.retention.pending_hours
        now = invocation.now.astimezone(dt.UTC).replace(tzinfo=None)  # stored as naive UTC
        expired = pending is not None and pending.created_at < now - dt.timedelta(hours=hours)
        if (
            pending is None
            or expired
            or pending.kind not in kinds
            or pending.guild_id != invocation.guild_id
        ):
            raise NotFound("This menu has expired: run the command again.")
        if pending.owner_id != invocation.user_id:
            raise NotAllowed(
                "This isn't your menu: only the admin who started it answers it. To do this"
                f" yourself, run {self._line_for(invocation, pending)}."
            )
        require_admin(invocation)
        return pending

    def _line_for(self, invocation: Invocation, pending: PendingChange) -> str:
        """The command that starts a menu like ``pending``: a removal names its film as the
        catalog lists it here (never the menu's own words); an import, its file unnamed."""
        if pending.kind == IMPORT:
            return command_table()["film-admin import"].line_to_type()
        if pending.kind == DRAFT:
            return self._line_for_form(invocation, str(pending.arguments.get("form") or ""))
        spec = command_table()["film-admin remove"]
        entry = self._app.catalog.by_key(
            invocation.guild_id, str(pending.arguments.get("film_key") or "")
        )
        if entry is None:
            return spec.line_to_type()
        return spec.line_to_type(film=escape_text(entry.title))

    def _line_for_form(self, invocation: Invocation, custom_id: str) -> str:
        """The command that opens the form a draft was typed into: an edit names its film as
        the catalog lists it here, and its section."""
        form = parse(custom_id)
        if not isinstance(form, EditForm):
            return command_table()["film-admin add"].line_to_type()
        spec = command_table()["film-admin edit"]
        entry = self._app.catalog.by_key(invocation.guild_id, form.film_key)
        if entry is None:
            return spec.line_to_type(section=form.section)
        return spec.line_to_type(film=escape_text(entry.title), section=form.section)

    def _audit(
        self, session: AsyncSession, invocation: Invocation, action: str, detail: str
    ) -> None:
        audit.record(session, self._app.standings, invocation, action, detail)


DRAFT_EXPIRED = (
    "This draft has expired (a refused form's text is kept {hours} hours for Edit again):"
    " what you typed is in the file attached above. Run the command again and paste it in."
)
ANSWERED_ALREADY = (
    "This menu was answered already (pressed twice, or Confirm and Cancel at once): that answer"
    " stands, nothing more was done."
)


async def _take(session: AsyncSession, token: str) -> None:
    """Take the pending change ``token`` names for this press, in the transaction that acts on
    it: of two presses that both read it (a double click, Confirm and Cancel at once, two
    processes), the one whose delete finds no row acts on nothing (``NotFound``)."""
    taken = await session.execute(
        delete(PendingChange).where(PendingChange.token == token).returning(PendingChange.token)
    )
    if taken.first() is None:
        await session.rollback()
        raise NotFound(ANSWERED_ALREADY)


def _changed_since_preview(label: str, previewed: object, now: str | None) -> str:
    """Confirm's answer when this server's version of the film is no longer the one the
    preview was of (``previewed``, a revision or None: none; ``now`` likewise)."""
    if now is None:
        what = "was removed after this preview"
    elif previewed is None:
        what = "was added to this server after this preview"
    else:
        what = "was changed after this preview (another admin saved or loaded it)"
    return (
        f"{label} {what}: nothing was saved, so that change stands."
        f" To load your file anyway, run {command_table()['film-admin import'].line_to_type()}"
        " again with it and read what its new preview says it replaces."
    )


def _read_by_everyone(doc: FilmDoc, section: str) -> bool:
    """Whether the body of the film's ``section`` is at level none: every member reads it."""
    existing = doc.section(SectionKind(section))
    level = existing.effective_level if existing else SectionKind(section).default_level
    return level is SpoilerLevel.NONE


def _may_change(invocation: Invocation, entry: FilmEntry) -> None:
    if entry.guild_id == GLOBAL_SCOPE and not invocation.is_owner:
        raise NotAllowed(
            f"{film_label(entry)} is global content: global content can only be"
            f" changed by the bot owner or the CLI. /film-admin hide film:{film_label(entry)}"
            " takes it out of this server (lists, autocomplete, search and answers)."
        )


def _typed(form: EditForm | AddForm, values: dict[str, str]) -> str:
    """What was typed into a form: an edit's one text as is, an add's fields under their labels."""
    if isinstance(form, EditForm) and values.keys() <= {"body"}:
        return values.get("body", "")
    if not any(value.strip() for value in values.values()):
        return ""
    # Every field that came, the form's or not (a mismatched submission is refused whole).
    labels = {field.custom_id: field.label for field in add_modal().inputs}
    return "\n\n".join(
        f"{labels.get(name, name)}:\n{value}" for name, value in values.items() if value.strip()
    )


def public_texts(
    doc: FilmDoc, *, inline: Treatment = Treatment.WRAP, pointer: str = ""
) -> list[tuple[str, str]]:
    """Every piece of the film's text that everyone may read (level ``none``), as it will
    read in public: where it is, and the text with any inline spoiler still wrapped (or, with
    ``inline`` WITHHOLD, replaced by ``pointer``)."""

    def shown(text: str) -> str:
        return render_text(text, Treatment.SHOW, inline_treatment=inline, pointer=pointer)

    out = [("Title", escape_text(f"{doc.title} ({doc.year})"))]
    if doc.aliases:
        out.append(("Also known as", escape_text(", ".join(doc.aliases))))
    if doc.director:
        out.append(("Director", shown(doc.director)))
    if doc.cast:
        # Each entry on its own: an author's spoiler bars pair within the entry.
        cast = render_each(doc.cast, Treatment.SHOW, inline_treatment=inline, pointer=pointer)
        out.append(("Cast", cast))
    if doc.synopsis:
        out.append(("Synopsis", shown(doc.synopsis)))
    # Every text with its level, for the sources they cite (a source is shown like them).
    blocks = [Block(doc.synopsis, SpoilerLevel.NONE)]
    for section in doc.sections:
        level = section.effective_level
        label = section.kind.label
        if section.heading:
            blocks.append(Block(section.heading, section.heading_level or level))
        if section.heading and (section.heading_level or level) is SpoilerLevel.NONE:
            out.append((f"{label} heading", shown(section.heading)))
        if section.body:
            blocks.append(Block(section.body, level))
        if section.body and level is SpoilerLevel.NONE:
            out.append((label, shown(section.body)))
        for number, item in enumerate(section.items, start=1):
            item_level = item.level or level
            blocks += [Block(item.heading, item.heading_level or item_level)]
            blocks += [Block(item.body, item_level)]
            if (item.heading_level or item_level) is SpoilerLevel.NONE:
                out.append((f"{label} {number}", shown(item.heading)))
            if item_level is SpoilerLevel.NONE:
                out.append((f"{label} {number} text", shown(item.body)))
    # A source cited only by public text is listed under it: its number in the open, its
    # words as an ending is (``CitedSource.rendered``).
    cited = citation_levels(blocks)
    for source in doc.sources:
        line = CitedSource(
            source.id, source.author, source.outlet, source.title, source.url, SpoilerLevel.NONE
        )
        public = cited.get(source.id) is SpoilerLevel.NONE
        if public and line.effective_level is SpoilerLevel.NONE:
            rendered = line.rendered(Treatment.SHOW, inline=inline, pointer=pointer)
            out.append((f"Source {source.id}", rendered))
    return out


def _plain_public(public: list[tuple[str, str]]) -> str:
    return "".join(f"{where}:\n{as_plain_text(text)}\n\n" for where, text in public)


def _fit_description(lines: list[str]) -> str:
    text = "\n".join(lines)
    return truncate_rendered(text, 4000)  # markdown with wrapped notes: never cut one open


def _file_name(title: str, year: int) -> str:
    """An attachment name: plain text Discord cannot hide, so made from the title as stored now,
    never from the film's slug. Migrations mend titles (0013, 0016-0024), not slugs: a film once
    stored as "La La Land ||Mia marries Greg||" keeps a slug holding the hidden words. Markup
    read since the last mending is read here too: what it hides is left out."""
    return f"{work_slug(strip_markup(title, spoiler_placeholder=''), year)[:90]}.yaml"


def _done(message: str) -> Reply:
    """The reply to Confirm or Cancel: it replaces the menu, buttons and all."""
    return Reply(content=message, ephemeral=True, edits_original=True)


def _renaming(exported: FilmEntry, doc: FilmDoc, *, own: bool) -> str:
    """The preview's placement of a film exported as ``exported`` and now naming ``doc``."""
    old, new = film_label(exported), film_label(doc)
    said = f"This file was exported as {old} and now names {new}: "
    if own:
        said += f"Confirm replaces this server's {old} with it"
    else:
        said += f"this server gets {new} as its own film; the global {old} stays"
    return said + f", and this server's embargo or hiding of {old} covers {new} too."


def _lost_sections(shown: FilmEntry, doc: FilmDoc) -> list[str]:
    """The labels of the sections members here read now that ``doc`` has not (no spoiler)."""
    kept = {section.kind.value for section in doc.sections}
    return [kind.label for kind in SectionKind if kind.value in shown.kinds - kept]


def _left_out(shown: FilmEntry, doc: FilmDoc) -> str:
    """The sections members here read now that ``doc`` has not: Confirm takes them away, and
    the preview's list of the file's own sections does not say so. Labels only (no spoiler)."""
    lost = _lost_sections(shown, doc)
    if not lost:
        return ""
    return (
        f" The version members here read now has {', '.join(lost)}, which this file leaves out:"
        " they would no longer be answered here."
    )


async def _title_may_tell(title: str) -> bool:
    """The importer's check of a title that may give the story away, in a worker thread: its
    first use imports the importer, 0.7 s of CPU (4 s under load) that on the event loop held
    every server's commands, and the form's acknowledgement, past Discord's 3 s."""
    return await asyncio.to_thread(_may_tell, title)


def _may_tell(title: str) -> bool:
    """Imported here, not at the top: the importer (beautifulsoup4, markdown-it, some sixty
    modules) would otherwise load with every start, for the few admins who add a film
    (tests/test_start_imports.py)."""
    from bot.importer.identity import may_tell

    return may_tell(title)
