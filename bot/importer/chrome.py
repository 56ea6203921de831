"""Remove what a site wraps around an article: navigation, bylines, ads, captions and promotion.

Chrome is recognised by shape, never by site: short lines that match a pattern below. Real prose
is long, so every line rule is limited to short blocks and a paragraph of argument survives.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence

from bs4 import BeautifulSoup, NavigableString, Tag
from bs4.element import TemplateString

from bot.importer.blocks import Block, ends_as_question
from bot.importer.classify import named_kind
from bot.importer.css_reveals import revealed_panels, toggle_labels
from bot.importer.html_tree import is_decomposed
from bot.importer.preformatted import BBS_SYSTEM_LINE, is_preformatted, shaped_as_lines
from bot.importer.screens import AnyRule
from bot.importer.spoiler_labels import label_off, warns_of_spoilers
from bot.levels import SectionKind
from bot.spoiler_policy.markup import bars_dropped

# Elements that are never article prose, whatever their content.
_CHROME_TAGS = [
    *("script", "style", "noscript", "template", "iframe", "svg", "canvas"),
    *("form", "button", "input", "select", "nav", "aside", "footer"),
    *("figure", "figcaption", "img", "video", "audio", "picture"),
    "address",  # the author's contact line
    *("marquee", "blink"),  # an old home page's scrolling welcome banner
    # an AMP page's menu drawer, ads and share buttons
    *("amp-sidebar", "amp-ad", "amp-embed", "amp-social-share", "amp-analytics", "amp-consent"),
]
_CONTAINERS = {"html", "body", "main", "article"}
_CHROME_ROLES = {"navigation", "banner", "contentinfo", "complementary", "search"}
# class/id words of site furniture; matched as whole words of "related-links" etc.
_CHROME_CLASS_WORDS = {
    "ad",
    "ads",
    "advert",
    "advertisement",
    "promo",
    "newsletter",
    "share",
    "sharing",
    "social",
    "related",
    "recommended",
    "cookie",
    "cookies",
    "breadcrumb",
    "breadcrumbs",
    "comments",
    "subscribe",
    "sidebar",
    "byline",
    "caption",
    "credit",
    "credits",  # a reader view's byline ("reader-credits")
    "player",  # a video player's controls ("Play Mute Fullscreen 00:00 / 04:12")
    "toc",
    "meta",
    "metadata",  # a journal entry's mood, music and location box ("b-singlepost-metadata")
    "popup",
    "modal",
    *("consent", "gdpr", "banner", "signup", "author", "bio", "footer", "tabs", "pager"),
    *("tags", "topics", "keywords", "explore"),
    *("labels", "widget", "trending", "rail", "kicker", "metabar", "navbar", "menu", "masthead"),
    *("feeds", "topbar", "recs", "clap", "dek", "tweet", "twitter", "instagram", "tiktok"),
    *("embed", "oembed", "cta", "nav", "navigation", "foot", "button", "buttons", "btn"),
    "shop",  # a site's merchandise box in the middle of the text
    # a textbook chapter's boxes for the class, not the text (Pressbooks'
    # "textbox--learning-objectives", "textbox--exercises")
    *("objectives", "exercises"),
    # a shop's strip over every page ("Free US shipping on orders over $60"), Shopify's
    # "announcement-bar"
    "announcement",
    # an affiliate product box between two sections (Lasso's "lasso-container", AAWP's
    # "aawp-product") with its price, "Buy on Amazon" and disclosure
    *("affiliate", "lasso", "aawp"),
    # a site builder's call-to-action box ("j-calltoaction-wrapper") and Facebook's "Like"
    # and comment plugins ("fb-like", "fb-comments")
    *("calltoaction", "fb"),
    # WeChat's readers' messages ("discuss_container") and tip jar ("reward_area"); Medium's
    # readers' replies ("pw-responses")
    *("discuss", "reward", "responses"),
    # a wiki's navigation box of related pages ("Films directed by…") and its categories
    *("navbox", "catlinks"),
    # an old blog's list of other blogs linking to the post (TypePad's, Movable Type's
    # "trackbacks": "TrackBack URL for this entry", "Listed below are links to weblogs…")
    *("trackback", "trackbacks", "pingbacks"),
    # what a script-rendered page shows before and around its article
    *("skeleton", "loader", "loading", "spinner", "paywall", "noscript"),
}
# Furniture that names itself inside a longer class word: "sharedaddy", "lwptoc_items",
# "saboxplugin", "commentlist", "blog-pager".
_CHROME_CLASS_PARTS = re.compile(
    r"share|comment|cookie|consent|author|sidebar|(?:^|[^a-z])[a-z]{0,4}toc(?:$|[^a-z])"
    # the author's box in Turkish, Indonesian, Spanish/Portuguese/German/Polish, French, Italian
    r"|yazar|penulis|(?:^|[^a-z])(?:autor|auteur|autore)(?:$|[^a-z])"
    # readers' comments in the other languages: "comentarios", "commentaires", "commenti"
    r"|comentari|comentári|commentair|commenti"
    # … in Turkish ("yorumlar"), Indonesian and Malay ("komentar"), German and the Nordic
    # languages ("kommentare", "kommentarer"), Dutch ("reacties")
    r"|yorum|komentar|kommentar|(?:^|[^a-z])reacties(?:$|[^a-z])"
    # a consent manager's dialog: "qc-cmp2-container", "onetrust-banner-sdk", "didomi-popup"
    r"|(?:^|[^a-z])cmp\d*(?:$|[^a-z])|onetrust|didomi|cookiebot|usercentrics|sp_message"
    # … named for the law it asks under, in Polish ("rodo-overlay": RODO is the GDPR)
    r"|(?:^|[^a-z])rodo(?:$|[^a-z])"
    # a box of related posts named in one word: Jetpack's "jp-relatedposts", "relatedArticles"
    r"|(?:^|[^a-z])related(?:posts?|articles?|stories|content|reads)"
    # a card pointing at the next story: "up-next", "read_next", "whatsnext"
    r"|(?:^|[^a-z])(?:up|read|watch|whats)[-_]?next(?:$|[^a-z])"
    # readers' comments on an Israeli news site ("talkbacks"); the blog name and "Follow"
    # button over each post of a Tumblr reblog trail ("reblog-header")
    r"|talkback|reblog[-_]?header"
    # a CMS's box of who, where and how often over or under the text: Joomla's "article-info"
    # ("Details", "Written by:", "Category:", "Hits: 2041")
    r"|(?:^|[^a-z])(?:article|entry|post)[-_]info(?:$|[^a-z])"
    # a forum's user card under a post: Stack Exchange's "post-signature" > "user-info" >
    # "user-details" (the poster's name, reputation and badges), Discourse's "user-card"
    r"|post[-_]?signature|(?:^|[^a-z])user[-_]?(?:info|details|card|flair)(?:$|[^a-z])"
    # a note app's page properties over its text ("notion-property-list": Director, Watched,
    # Tags, Last edited time): the database row the page is, not its words
    r"|(?:^|[^a-z])propert(?:y|ies)(?:$|[^a-z])"
)
_CAMEL_HUMP = re.compile(r"(?<=[a-z])(?=[A-Z])")
# Shown to nobody: an e-mail's preheader, a collapsed template.
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


_WARNING_PICTURE = re.compile(r"spoil", re.I)
# What a reveal control that warns says: "Show me the ending", "Reveal spoilers", "Tap to see
# the twist".
_REVEALS = re.compile(r"spoil|\b(?:ending|twist|finale|the end)\b", re.I)


# What a spoiler warning that was a picture or a control becomes: a line read as a warning.
SPOILER_WARNING_LINE = "Spoiler warning."
# Warning signs alone, no word: "🚨🚨🚨", "⚠️ ⚠️".
_WARNING_SIGNS = re.compile(r"[\W_]*(?:⚠|🚨|🛑|⛔|☢|☣)[\W_]*")
_ANY_SIGN = re.compile(r"⚠|🚨|🛑|⛔|☢|☣")
_SIGN_BLOCKS = ["p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "center", "blockquote"]
_LINE_BLOCKS = {"p", "li", "h1", "h2", "h3", "h4", "h5", "h6"}
# A warning's icon in a callout ("kg-callout-emoji", "icon"): the callout's words warn.
_ICON_CLASS = re.compile(r"icon|emoji", re.I)


def _beside_words(tag: Tag) -> bool:
    """A box with words beside it in its parent: "⚠" in a <div> before "SPOILER WARNING" is
    the warning's icon, not a line of its own."""
    parent = tag.parent
    return parent is not None and any(
        sibling is not tag
        and not (isinstance(sibling, Tag) and sibling.name in _OWN_LINES)
        and (sibling.get_text() if isinstance(sibling, Tag) else str(sibling)).strip()
        for sibling in parent.children
    )


# Elements that are lines of their own: a sibling of these is no word beside a sign.
_OWN_LINES = {*_SIGN_BLOCKS, "ul", "ol", "table", "section", "article", "figure", "hr", "br"}


_MSO_MARGIN = re.compile(r"mso-element:\s*(?:header|footer)", re.I)


# Where a control names the element it opens: ARIA, Bootstrap and other modal kits, the HTML
# popover and invoker attributes, a link to its id, or its script ("getElementById('x')").
_OPENER_ATTRS = (
    *("aria-controls", "data-target", "data-bs-target", "data-modal-target", "data-modal"),
    *("data-micromodal-trigger", "data-open", "popovertarget", "commandfor", "href"),
)
_OPENED_IN_SCRIPT = re.compile(
    r"""getElementById\(\s*['"](?P<id>[\w:-]+)['"]|querySelector\(\s*['"]#(?P<sel>[\w:-]+)['"]"""
)
_OVERLAY_WORDS = {"modal", "popup", "popover", "overlay", "lightbox", "dialog"}
# A box of this many words around a control is the control's own (a "Seen it?" call to action).
_MAX_CONTROL_BOX_WORDS = 60


def _opened_ids(control: Tag) -> list[str]:
    ids = [str(control.get(name) or "").strip().lstrip("#") for name in _OPENER_ATTRS[:-1]]
    href = str(control.get("href") or "").strip()
    if href.startswith("#"):
        ids.append(href[1:])  # a link elsewhere opens no box here
    for script in (str(control.get("onclick") or ""),):
        ids += [m["id"] or m["sel"] for m in _OPENED_IN_SCRIPT.finditer(script)]
    return [ident for ident in ids if ident]


def _is_overlay(tag: Tag) -> bool:
    return (
        tag.name == "dialog"
        or tag.get("role") in {"dialog", "alertdialog"}
        or tag.has_attr("popover")
        or bool(_class_words(tag) & _OVERLAY_WORDS)
    )


def _opened_by_reveals(soup: BeautifulSoup) -> list[Tag]:
    """Dialogs, modals and popovers that a control saying it reveals the ending or spoilers
    opens, each moved from wherever the page keeps it to just after the control's box, its
    close buttons dropped. Returned to be marked as spoiler boxes."""
    moved: list[Tag] = []
    # Only overlays can be opened: found once, so a page of many links costs one walk.
    overlays = {str(tag["id"]): tag for tag in soup.find_all(id=True) if _is_overlay(tag)}
    if not overlays:
        return moved
    for control in soup.find_all(["button", "a"]):
        if not isinstance(control, Tag) or control.attrs is None:
            continue
        ids = [ident for ident in _opened_ids(control) if ident in overlays]
        if not ids or not _REVEALS.search(control.get_text(" ")):
            continue
        for ident in ids:
            box = overlays[ident]
            if any(box is other for other in moved):
                continue
            if any(box is parent for parent in control.parents) or any(
                control is parent for parent in box.parents
            ):
                continue
            anchor = control
            while (
                isinstance(anchor.parent, Tag)
                and anchor.parent.name not in _CONTAINERS
                and len(anchor.parent.get_text(" ").split()) <= _MAX_CONTROL_BOX_WORDS
            ):
                anchor = anchor.parent
            box.extract()
            for closer in box.find_all(["form", "button"]):
                closer.decompose()
            # Shown once opened: none of what hides it, nor the words that made it furniture.
            box.attrs = {}
            box.name = "div"
            for inner in box.find_all(True):
                for name in ("class", "id", "hidden", "style", "aria-hidden", "popover"):
                    inner.attrs.pop(name, None)
            anchor.insert_after(box)
            moved.append(box)
    return moved


def _page_margin(tag: Tag) -> bool:
    """A word processor's running header or footer, saved with the page: LibreOffice's
    ``<div title="footer">``, Word's ``<div style="mso-element:footer">`` (a page number, the
    organisation's address: printed on every page, no part of the text)."""
    if tag.name != "div":
        return False
    title = str(tag.get("title") or "").strip().lower()
    return title in {"header", "footer"} or bool(_MSO_MARGIN.search(str(tag.get("style") or "")))


# A writer's or a publication's card under a story (Medium, Substack, Vocal): its name, a count
# of its followers, when it last posted and its tagline. The count alone on its line names it.
_FOLLOWERS = re.compile(
    r"^\s*[\d.,]+\s?[KkMm]?\s+(?:followers?|subscribers|abonnés|abonnenten|seguidores"
    r"|volgers|follower)\s*$",
    re.I,
)
_MAX_CARD_WORDS = 60


# A writer's card that offers to follow them: its heading is their name and a "Follow" button
# (DEV's {% user %} card: "<h2><a>Priya Fernando</a>Follow</h2>").
_FOLLOW_CONTROL = re.compile(r"^\s*\+?\s*Follow\s*$")


def _follow_controls(soup: BeautifulSoup) -> list[Tag]:
    controls = []
    for heading in soup.find_all(["h2", "h3", "h4", "h5", "h6"]):
        last = next((c for c in reversed(list(heading.children)) if _text_of(c).strip()), None)
        if last is not None and _FOLLOW_CONTROL.match(_text_of(last)) and heading.find("a"):
            controls.append(heading)
    return controls


def _text_of(node: object) -> str:
    return node.get_text() if isinstance(node, Tag) else str(node)


def _follower_cards(soup: BeautifulSoup) -> list[Tag]:
    """The largest box around each follower count, or each heading that is a name and its
    "Follow" button, that is still a card's size."""
    cards: list[Tag] = []
    for count in [*soup.find_all(string=_FOLLOWERS), *_follow_controls(soup)]:
        tag, card = (count if isinstance(count, Tag) else count.parent), None
        while isinstance(tag, Tag) and tag.name not in {"body", "html", "article", "main"}:
            if len(tag.get_text(" ").split()) > _MAX_CARD_WORDS:
                break
            card, tag = tag, tag.parent
        if card is not None:
            cards.append(card)
    return cards


def strip_html_chrome(soup: BeautifulSoup) -> list[str]:
    """Delete site furniture from the page in place, keeping the article's own <header>.
    Returns the text of what was deleted."""
    dropped: list[str] = []
    # (first: a post is known by its poster's panel, often an <aside> that goes with the rest)
    posts = _thread_posts(soup)

    def drop(tag: Tag) -> None:
        text = " ".join(tag.get_text(" ").split())
        if text:
            dropped.append(text)
        tag.decompose()

    ink = _invisible_ink(soup)  # before the stylesheets go: they say what colour the page is
    for box in _opened_by_reveals(soup):
        # A dialog or modal a "Reveal the ending" control opens (often after the footer, where
        # a modal's markup goes): a spoiler box, read where its control is.
        _mark_spoiler(box)
    for tag in _server_copies(soup):
        _as_page_text(tag)
        tag.unwrap()
    _tabs_head_their_panels(soup)
    _class_tabs_head_their_panels(soup)
    for tag in soup.find_all(_opens_text):
        # An accordion's or a spoiler box's control ("How does it end?") heads what it opens;
        # its icon ("+", "›", an arrow hidden from screen readers) is no part of the words.
        for icon in tag.find_all(_is_icon):
            if not is_decomposed(icon):
                icon.decompose()
        controls = tag.get("aria-controls")
        tag.name = "dt"
        # (the panel it names stays known as one a reader opens, not as hidden furniture)
        tag.attrs = {"aria-controls": controls} if controls else {}
    for tag in revealed_panels(soup):
        # What a CSS-only reveal hides until its box is checked is a spoiler box's text.
        _mark_spoiler(tag)
    for tag in toggle_labels(soup):
        # A CSS-only reveal's control ("<label for=…>I've seen it, show me the ending</label>"
        # over a hidden checkbox): a warning where the spoilers start if it says so, else none.
        if _REVEALS.search(tag.get_text(" ")):
            tag.replace_with(NavigableString(f" {SPOILER_WARNING_LINE} "))
        else:
            drop(tag)
    for tag in soup.find_all("img"):
        # A spoiler warning drawn as a picture ("spoiler-warning-banner.png", alt "Spoilers
        # ahead") still says where the spoilers start: it stays as a line of text.
        if _WARNING_PICTURE.search(" ".join(str(tag.get(a, "")) for a in ("alt", "src", "class"))):
            tag.replace_with(NavigableString(f" {SPOILER_WARNING_LINE} "))
    for sign in soup.find_all(string=_ANY_SIGN):
        # A line of warning signs alone ("🚨🚨🚨", an <h3>⚠️</h3>): a warning with no word,
        # which would go as a divider; it stays as a warning line, as a warning picture does.
        # (found from the signs' own strings: most pages have none, and pay nothing)
        tag = sign.find_parent(_SIGN_BLOCKS)
        if (
            tag is not None
            and not tag.find(_SIGN_BLOCKS)
            and _WARNING_SIGNS.fullmatch(tag.get_text().strip())
            and (tag.name in _LINE_BLOCKS or not _beside_words(tag))
            and not any(_ICON_CLASS.search(name) for name in tag.get("class", []))
        ):
            tag.clear()
            tag.append(NavigableString(SPOILER_WARNING_LINE))
    for tag in soup.find_all(_CHROME_TAGS):
        if is_decomposed(tag):
            continue
        # A photo's caption ("Morfydd Clark in Saint Maud (2019)") may be all that dates the
        # film: it is listed as dropped, where the year is looked for last, with a note.
        if tag.name == "figcaption" or (tag.name == "figure" and tag.find("figcaption")):
            drop(tag)
        elif tag.name == "form" and _holds_prose(tag):
            # A form around the article (ASP.NET's page-wide "form1", a forum's moderation
            # form around its posts) is no form to fill in: its fields still go.
            tag.unwrap()
        else:
            tag.decompose()  # scripts, forms and pictures: nothing a reviewer would miss
    for tag in soup.find_all(_page_margin):
        drop(tag)
    for tag in _follower_cards(soup):
        if not is_decomposed(tag):
            drop(tag)
    for tag in soup.find_all(_program_code):
        if not is_decomposed(tag):
            drop(tag)
    for tag in soup.find_all(_hidden_spoiler):
        _mark_spoiler(tag)
    for tag in soup.find_all(_spoiler_classed_box):
        # A box the page names a spoiler ("spoiler", "su-spoiler-content", "js-spoiler") is
        # one however its stylesheet hides it (a class, a blur, a click), which is not read
        # here; one that only warns ("Spoilers ahead!") stays a warning.
        if not is_decomposed(tag) and not _only_warns(tag):
            _mark_spoiler_box(tag)
    for tag in soup.find_all("div", class_="shortcode-spoiler"):
        # "[spoiler]…[/spoiler]" saved as text (bot.importer.shortcodes): a spoiler box too
        _mark_spoiler(tag)
        tag.unwrap()
    for tag in ink:
        # "Highlight to read": text set in the page's background colour is a spoiler its
        # author hid the old way.
        if not is_decomposed(tag):
            _behind_bars(tag)
    for tag in soup.find_all(_inline_spoiler):
        if is_decomposed(tag):
            continue
        if _SPOILER_BADGE.match(tag.get_text(" ").strip()):
            # A "Spoiler" tag beside a question (IMDb's FAQ) labels the item it sits in: the
            # item's answer is the spoiler, and the question stays a question.
            _mark_badged_item(tag)
            dropped.append(tag.get_text(" ").strip())
            tag.decompose()
            continue
        # Reddit's "md-spoiler-text", a forum's blurred <span class="spoiler">: Discord's bars
        # (each paragraph's own, when it holds whole paragraphs: bars around them would be
        # lines of their own, hiding nothing).
        if tag.find([*_SPOILER_BLOCKS, "div", *_HEADING_TAGS]):
            _mark_spoiler_box(tag)
        else:
            _behind_bars(tag)
    posts = [post for post in posts if not is_decomposed(post)]
    for tag in [
        *_thread_replies(posts),
        *_replies_by_others(soup),
        *_bbs_pushes(soup),
        *_answers_beside_the_accepted(soup),
    ]:
        if is_decomposed(tag):
            continue
        text = " ".join(tag.get_text(" ").split())
        if text:
            dropped.append(text)
        tag.decompose()
    own_words = _article_class_words(soup)
    page_words = len((soup.body or soup).get_text(" ").split())
    answers = _answers_page(soup)
    if answers:
        own_words |= {"comments"}
    # A forum whose posts are "comments": the first post, what holds it and what it holds are
    # the article, whatever their classes say about comments.
    first_post = posts[0] if posts and not is_decomposed(posts[0]) else None
    thread = (
        {
            id(first_post),
            *(id(parent) for parent in first_post.parents),
            *(id(inner) for inner in first_post.find_all(True)),
        }
        if first_post is not None
        else set()
    )
    # (found before any goes: a card is known by the cards beside it)
    post_cards = {id(tag) for tag in soup.find_all(_post_card)}
    site_names = _site_names(soup)
    for tag in soup.find_all(True):
        if is_decomposed(tag) or not isinstance(tag, Tag) or tag.attrs is None:
            continue
        # "<article class='post has-sidebar'>" is the article, whatever its classes say.
        # (but an <article> that is one card of a listing of other posts is that card)
        card = id(tag) in post_cards
        if _SIDE_COLUMN in tag.get("class", []) and tag.name == "div":
            # a forum's side column by its bare name (old Reddit's "side": search, the board's
            # <h1> and rules, moderators), not a word of a longer one ("side-by-side")
            drop(tag)
            continue
        if (tag.name in _CONTAINERS and not card) or _holds_headline(tag, site_names):
            continue
        raw_names = " ".join([*tag.get("class", []), str(tag.get("id", ""))])
        names = raw_names.lower()
        # camelCase names split too: a mail template's "templateFooter", "mcnButtonBlock"
        words = set(re.split(r"[-_\s]+", _CAMEL_HUMP.sub("-", raw_names).lower())) - own_words
        if tag.name in _HEADING_TAGS:
            # A heading's styling name read in humps says how it is set, not what it is:
            # Docusaurus's "anchorWithStickyNavbar_LWe7" (it clears the sticky navbar when
            # scrolled to) is a section's heading, not a navbar.
            words = set(re.split(r"[-_\s]+", raw_names.lower())) - own_words
        hidden = (
            tag.get("aria-hidden") == "true"
            or tag.has_attr("hidden")
            or bool(_HIDDEN_STYLE.search(str(tag.get("style", ""))))
        ) and not _toggled(tag)
        parts = set(_CHROME_CLASS_PARTS.findall(names))
        if parts and _holds_most_text(tag, page_words):
            # (a word the article's own element bears in a longer name, TypePad's
            # "entry-author-marty_k", is the article's, as the whole word is)
            parts = {part for part in parts if re.sub(r"[^a-z]", "", part) not in own_words}
        if tag.name in _HEADING_TAGS:
            # a heading the contents list links to ("toc-header", Wiki.js; "toc-anchor"), not
            # the contents list itself
            words = words - {"toc"}
            parts = {part for part in parts if "toc" not in part}
        if "metadata" in words and tag.find_parent(_HEADING_TAGS) is not None:
            words = words - {"metadata"}  # a headline's year ("<small class='metadata'>1999")
        if "tabs" in words and tag.find(attrs={"role": "tabpanel"}) is not None:
            # a tab set of the article's own ("Spoiler-free | Full spoilers"): its panels are
            # text, headed by their tabs (_tabs_head_their_panels), not a site's tabbed widget
            words = words - {"tabs"}
        if id(tag) in thread:
            words -= {"comment", "comments"}
            parts = {part for part in parts if "comment" not in part}
        if answers:
            parts = {part for part in parts if "comment" not in part}
        glued = bool(parts) or _profile_link(tag)
        if (
            tag.get("role") in _CHROME_ROLES
            or hidden
            or words & _CHROME_CLASS_WORDS
            or glued
            or _mostly_links(tag)
            or _link_card(tag)
            or card
            or _labelled_link(tag)
            or _data_table(tag)
            or _layout_sidebar(tag)
        ):
            if _WARNING_BOX.search(names) and not hidden and _warns(tag):
                # A spoiler banner ("wp-block-group spoiler-banner") says where the spoilers
                # start: it goes, but stays a line read as a warning, as a pictured one does.
                dropped.append(" ".join(tag.get_text(" ").split()))
                tag.replace_with(NavigableString(f" {SPOILER_WARNING_LINE} "))
                continue
            drop(tag)
    # A page header holds the site name and menu; an article's header holds its headline.
    has_article = soup.find("article") is not None
    for header in soup.find_all("header"):
        if is_decomposed(header) or header.find_parent(["article", "main"]) is not None:
            continue
        if has_article or header.find("h1") is None:
            drop(header)
    return dropped


_SIDE_COLUMN = "side"


def _holds_most_text(tag: Tag, page_words: int) -> bool:
    return len(tag.get_text(" ").split()) * 2 > page_words


# How a page's <title> ends with its site's name: "The Chaser - the ending - Asian Cinema Lounge".
_TITLE_SEPARATOR = re.compile(r"\s+[-–—|·:»]{1,2}\s+")


def _site_names(soup: BeautifulSoup) -> set[str]:
    """The site's name as the page gives it (og:site_name, the last part of its <title>)."""
    names = set()
    for meta in soup.find_all("meta", attrs={"property": "og:site_name"}):
        names.add(" ".join(str(meta.get("content", "")).split()).casefold())
    title = soup.find("title")
    if isinstance(title, Tag):
        parts = _TITLE_SEPARATOR.split(" ".join(title.get_text(" ").split()))
        if len(parts) >= 2:
            names.add(parts[-1].casefold())
    return names - {""}


def _holds_headline(tag: Tag, site_names: set[str]) -> bool:
    """Whether ``tag`` holds an <h1> that heads the article: a forum's or a blog's masthead sets
    the site's name in its <h1> ("Asian Cinema Lounge"), which makes its banner no headline."""
    return any(
        " ".join(h1.get_text(" ").split()).casefold() not in site_names for h1 in tag.find_all("h1")
    )


# A notebook's cell prompts ("In [2]:", "Out[2]:") and its text outputs: Jupyter's lab template
# ("jp-InputPrompt", "jp-RenderedText"), its classic one ("prompt input_prompt", "output_text").
_NOTEBOOK_FURNITURE = re.compile(
    r"(?:^|[^a-z])(?:jp-(?:input|output)prompt|input_prompt|output_prompt|jp-renderedtext"
    r"|output_text|output_stream)(?:$|[^a-z])"
)
# Pygments' token classes (Sphinx, MkDocs, Jekyll, nbconvert; Hugo's Chroma uses the same):
# keyword, name, operator, punctuation, string, number, comment.
_CODE_TOKEN = re.compile(r"[knopscmg][a-z0-9]?[a-z0-9]?")
_MIN_CODE_TOKENS = 3


def _program_code(tag: Tag) -> bool:
    """Source code highlighted into tokens, or a notebook's prompt or printed output: what a
    program says, never the article's prose."""
    names = " ".join(tag.get("class") or []).lower()
    if names and _NOTEBOOK_FURNITURE.search(names):
        return True
    if tag.name != "pre":
        return False
    tokens = [
        span
        for span in tag.find_all("span", class_=True)
        if all(_CODE_TOKEN.fullmatch(name) for name in span.get("class") or [])
    ]
    return len(tokens) >= _MIN_CODE_TOKENS


_MIN_ARTICLE_WORDS = 100


def _article_class_words(soup: BeautifulSoup) -> set[str]:
    """Furniture words that a page builder puts on its article's own text: Elementor wraps the
    post in an "elementor-widget", a web story sets every slide's text as a "caption". A word
    whose elements hold most of the page's text names the article there, not furniture."""
    root = soup.body or soup
    total = len(root.get_text(" ").split())
    if total < _MIN_ARTICLE_WORDS:
        return set()  # a fragment (a box pasted into Markdown) is what its class says
    held: dict[str, int] = {}
    # One walk: an element counts for a word unless an element around it already has it.
    stack: list[tuple[Tag, frozenset[str]]] = [(root, frozenset())]
    while stack:
        tag, above = stack.pop()
        words = frozenset(_class_words(tag) & _CHROME_CLASS_WORDS) - above
        if words:
            count = len(tag.get_text(" ").split())
            for word in words:
                held[word] = held.get(word, 0) + count
        inherited = above | words
        stack.extend((child, inherited) for child in tag.children if isinstance(child, Tag))
    return {word for word, count in held.items() if count * 2 > total} | _prose_holders(root)


# A paragraph of this many words is the article's prose; a reader's comment rarely runs so long.
_PROSE_PARAGRAPH_WORDS = 25


def _prose_holders(root: Tag) -> set[str]:
    """Furniture words on the innermost element that holds most of the page's long paragraphs
    and most of its headings ("a-content pmc-paywall" around a whole post): under a long comment
    thread and a related-stories rail the article may be under half of the page's words, and is
    still the article. A heading inside a link is a teaser card's, not the article's."""
    paragraphs = [
        p for p in root.find_all("p") if len(p.get_text(" ").split()) >= _PROSE_PARAGRAPH_WORDS
    ]
    headings = [h for h in root.find_all(["h2", "h3"]) if h.find_parent("a") is None]
    if len(paragraphs) < 3 or len(headings) < 2:
        return set()
    # How many of each an element holds, counted once from each paragraph and heading up.
    held_p = Counter(id(parent) for p in paragraphs for parent in p.parents)
    held_h = Counter(id(parent) for h in headings for parent in h.parents)

    def holds(tag: Tag) -> bool:
        return held_p[id(tag)] * 2 > len(paragraphs) and held_h[id(tag)] * 2 > len(headings)

    # Holders nest (each wraps the next); only the innermost is the article's own element; a
    # page wrapper's "has-sidebar" says nothing about the article.
    holders = [tag for tag in root.find_all(True) if holds(tag)]
    return _class_words(holders[-1]) & _CHROME_CLASS_WORDS if holders else set()


_MIN_PROSE_PARAGRAPHS = 2


def _holds_prose(tag: Tag) -> bool:
    """Whether ``tag`` holds an article's paragraphs, not a form's few lines of help."""
    long = 0
    for paragraph in tag.find_all("p"):
        if len(paragraph.get_text(" ").split()) >= _PROSE_PARAGRAPH_WORDS:
            long += 1
            if long >= _MIN_PROSE_PARAGRAPHS:
                return True
    return False


# A forum's or Reddit's question thread: a short post asking for an explanation, and replies
# that hold most of the page. There the replies are the answers, not a comment thread.
_MAX_QUESTION_POST_WORDS = 150


def _answers_page(soup: BeautifulSoup) -> bool:
    root = soup.body or soup
    total = len(root.get_text(" ").split())

    def commented(tag: Tag) -> bool:
        return tag.name not in {"html", "body"} and "comment" in " ".join(_class_words(tag))

    threads = [
        tag
        for tag in root.find_all(commented)
        if not any(commented(parent) for parent in tag.parents)
    ]
    inside = sum(len(tag.get_text(" ").split()) for tag in threads)
    return bool(threads) and inside * 2 > total and total - inside <= _MAX_QUESTION_POST_WORDS


# A forum thread whose first post is the explainer (XenForo, phpBB, vBulletin, Discourse): posts
# are siblings of one kind, each with its poster's name; the replies under the first post are
# readers' talk, which often tells other films' endings.
_POST_WORDS = frozenset({"message", "post", "postbit", "topic-post", "forumpost", "reply"})
_POSTER = re.compile(
    r"user-?name|poster|postprofile|userinfo|usertitle|message-(?:name|user)|post-?author"
    # Invision Community's author pane ("ipsComment_author cAuthorPane")
    r"|comment_author|author-?pane",
    re.I,
)
_MIN_FIRST_POST_WORDS = 150
_MAX_POST_WRAPPERS = 1
# A forum's signature under a post ("Currently watching: …"): a class or, in Invision
# Community, a data-role that names it.
_SIGNATURE_BOX = re.compile(r"signature", re.I)


def _thread_posts(soup: BeautifulSoup) -> list[Tag]:
    """A forum thread's posts, the explainer first, when the page is such a thread: sibling
    posts of one kind, each signed by its poster (Invision Community calls its posts
    "ipsComment", camelCase: read word by word)."""

    def signed(tag: Tag) -> bool:
        return tag.has_attr("data-author") or any(
            _POSTER.search(" ".join(node.get("class") or [])) for node in tag.find_all(True)
        )

    def post(tag: Tag) -> bool:
        return isinstance(tag, Tag) and bool(_post_words(tag)) and signed(tag)

    first = (soup.body or soup).find(post)
    if not isinstance(first, Tag):
        return []
    # (vBulletin 3 wraps each post's table in a <div id="edit123"> of its own: the wrappers
    # are the siblings; one wrapper, not a climb through a page's nesting)
    for _ in range(_MAX_POST_WRAPPERS):
        if not (
            isinstance(first.parent, Tag)
            and first.parent.name not in {"body", "html", "[document]"}
            and len(first.parent.find_all(True, recursive=False)) == 1
            and not first.parent.get_text(" ").replace(first.get_text(" "), "").strip()
        ):
            break
        first = first.parent

    def post_or_wrapper(tag: Tag) -> bool:
        inner = tag.find_all(True, recursive=False)
        return post(tag) or (len(inner) == 1 and post(inner[0]))

    posts = [first, *(s for s in first.find_next_siblings(first.name) if post_or_wrapper(s))]
    if len(posts) < 2 or len(first.get_text(" ").split()) < _MIN_FIRST_POST_WORDS:
        return []  # one post, or a question whose replies are the answers
    return posts


def _bbs_pushes(soup: BeautifulSoup) -> list[Tag]:
    """PTT's "push" comments under a post (推/噓/→, a user id, a line, a time), as its web view
    and mirrors mark them: other people's replies, never the article."""
    return [
        tag
        for tag in soup.find_all(class_="push")
        if tag.find(class_="push-userid") is not None and tag.find(class_="push-content")
    ]


def _answers_beside_the_accepted(soup: BeautifulSoup) -> list[Tag]:
    """A Q&A page (schema.org QAPage: Stack Exchange, Quora) whose accepted answer is the
    explainer: the other answers are readers' talk, as a thread's replies are."""
    if soup.find(attrs={"itemprop": "acceptedAnswer"}) is None:
        return []
    return list(soup.find_all(attrs={"itemprop": "suggestedAnswer"}))


def _thread_replies(posts: list[Tag]) -> list[Tag]:
    if not posts:
        return []
    first = posts[0]
    # the first post's own furniture: the poster's panel (name, title, join date, count) and
    # the signature under it
    panels = [
        node
        for node in first.find_all(True)
        if {"user", "userinfo", "postprofile", "poster"} & _class_words(node)
        or _SIGNATURE_BOX.search(" ".join([*node.get("class", []), str(node.get("data-role"))]))
    ]
    return [*panels, *_around_the_message(first), *posts[1:]]


def _around_the_message(post: Tag) -> list[Tag]:
    """A post whose words are one message element (vBulletin's ``<div id="post_message_12">``)
    with its furniture around it, untagged (the date, "#1", the poster's card, the signature
    under a rule of underscores): everything beside the message's line of parents."""
    messages = [
        node
        for node in post.find_all(True)
        if "message" in _class_words(node) and "post" in _post_words(node)
    ]
    if len(messages) != 1:
        return []
    around: list[Tag] = []
    node = messages[0]
    while node is not post and isinstance(node.parent, Tag):
        around.extend(s for s in node.parent.find_all(True, recursive=False) if s is not node)
        node = node.parent
    return around


def _post_words(tag: Tag) -> set[str]:
    """The words of a tag's classes that say it is a post; camelCase split for "post" alone
    (Invision Community's "cPost"), as other humps name containers ("replyNewMessage")."""
    if not isinstance(tag, Tag) or tag.attrs is None:
        return set()
    words = _class_words(tag) & _POST_WORDS
    names = " ".join([*tag.get("class", []), str(tag.get("id", ""))])
    # (an id numbered without a separator: vBulletin's "post388112", "post_message_388112")
    if "post" in re.split(r"[-_\s\d]+", _CAMEL_HUMP.sub("-", names).lower()):
        words.add("post")
    return words


# A social thread's posts (Mastodon's "status"): each one signed with its author's name.
_SOCIAL_POST_WORDS = _POST_WORDS | {"status", "toot", "note", "tweet", "skeet"}
_SIGNATURE = re.compile(r"display-?name|user-?name|post-?author|account|handle", re.I)
_MIN_THREAD_POSTS = 2


def _replies_by_others(soup: BeautifulSoup) -> list[Tag]:
    """A thread that one author posts in parts, with other people's replies under it: the
    replies are comments, whatever the page calls them."""
    marked = [
        tag for tag in soup.find_all(class_=True) if _SIGNATURE.search(" ".join(tag["class"]))
    ]
    ids = {id(tag) for tag in marked}
    signed = [tag for tag in marked if not any(id(parent) in ids for parent in tag.parents)]
    # How many signatures each element holds (by identity: tags with the same markup, two
    # posts' headers, compare equal), counted in one pass.
    inside = Counter(id(parent) for name in signed for parent in name.parents)
    posts: list[tuple[Tag, str]] = []
    for name in signed:
        post = None
        for parent in name.parents:
            if not isinstance(parent, Tag) or inside[id(parent)] > 1:
                break
            if _class_words(parent) & _SOCIAL_POST_WORDS:
                post = parent
        if post is not None:
            posts.append((post, _signer(name.get_text(" "))))
    if not posts or _answers_page(soup):
        return []  # a question whose replies are the answers
    author = posts[0][1]
    own = [post for post, who in posts if who == author]
    others = [post for post, who in posts if who != author]
    if len(own) < _MIN_THREAD_POSTS or _words(own) <= _words(others):
        return []  # one post and its replies, or a discussion more than a thread
    return others


# "@reelnotes.bsky.social", "@noor@mastodon.film": an account's handle in a post's signature.
_HANDLE = re.compile(r"@[\w.-]*\w(?:@[\w.-]*\w)?")


def _signer(signature: str) -> str:
    """Who signed a post: its handle when it shows one, since the signature around it changes
    from post to post (a "Follow" button on the first, a time on the others)."""
    handle = _HANDLE.search(signature)
    return handle.group() if handle else " ".join(signature.split())


def _words(tags: list[Tag]) -> int:
    return sum(len(tag.get_text(" ").split()) for tag in tags)


def _class_words(tag: Tag) -> set[str]:
    if not isinstance(tag, Tag) or tag.attrs is None:
        return set()
    names = " ".join([*tag.get("class", []), str(tag.get("id", ""))]).lower()
    return set(re.split(r"[-_\s]+", names))


def _is_hidden(tag: Tag) -> bool:
    return (
        tag.get("aria-hidden") == "true"
        or tag.has_attr("hidden")
        or bool(_HIDDEN_STYLE.search(str(tag.get("style", ""))))
    )


def _hidden_spoiler(tag: Tag) -> bool:
    """Text a page hides behind a spoiler box: it is the ending, whatever section it sits in."""
    if not isinstance(tag, Tag) or tag.attrs is None or not _is_hidden(tag):
        return False
    if _after_warning(tag):
        return True  # a post's content warning ("CW: Heat spoilers") over its hidden text
    if not _toggled(tag):
        return False
    ident = str(tag.get("id", ""))
    if ident and any(
        # "Show spoiler", "Reveal the ending": the control that opens it says what it hides
        not is_decomposed(control) and _REVEALS.search(control.get_text(" "))
        for control in _controls(tag).get(ident, ())
    ):
        return True
    around = [tag, *list(tag.parents)[:2]]
    classes = " ".join(
        " ".join([*node.get("class", []), str(node.get("id", ""))])
        for node in around
        if isinstance(node, Tag) and node.attrs is not None
    )
    # "spoiler", and a forum's "spoilcontent" and "spoilwrapper" (phpBB's spoiler BBCode)
    return SPOILER_CLASS.search(classes) is not None


_SPOILER_BLOCKS = ["p", "li", "dd", "blockquote", "td"]
# Every element that sits in a line of text, as HTML's phrasing content: a spoiler is named by
# its class on any of them (a forum's <code class="spoiler">, a <u class="spoiler">), and one
# left out of this list kept its text in the open, wherever the outline filed it.
_INLINE = {"span", "mark", "spoiler", "spoiler-text", "s", "a", "em", "i", "b", "strong"}
_INLINE |= {"code", "u", "font", "small", "big", "label", "cite", "q", "abbr", "del", "ins"}
_INLINE |= {"sub", "sup", "tt", "kbd", "samp", "var", "bdi", "bdo", "time", "strike", "dfn"}
_INLINE |= {"data", "output", "center"}


def _inline_spoiler(tag: Tag) -> bool:
    if not isinstance(tag, Tag) or tag.attrs is None or tag.name not in _INLINE:
        return False
    names = " ".join([*tag.get("class", []), str(tag.get("id", ""))]).lower()
    if "spoiler" not in names and tag.name not in {"spoiler", "spoiler-text"}:
        return False
    return tag.find_parent(_inline_spoiler) is None


_SPOILER_BADGE = re.compile(r"^\W*(?:contains |major )?spoilers?(?: alert| ahead)?\W*$", re.I)
_BADGE_ITEM_DEPTH = 4


def _mark_badged_item(badge: Tag) -> None:
    """The item a spoiler badge labels (the nearest element around it whose class says
    spoiler): everything in it but the badge's own line goes in spoiler bars."""
    label = badge.parent
    for depth, item in enumerate(badge.parents):
        if depth >= _BADGE_ITEM_DEPTH or not isinstance(item, Tag) or item.attrs is None:
            return
        names = " ".join([*item.get("class", []), str(item.get("id", ""))]).lower()
        if item is not label and "spoiler" in names:
            for child in item.find_all(True, recursive=False):
                if child is not label and badge not in child.descendants:
                    _mark_spoiler(child)
            return


# What names a box a spoiler in a class or an id, in the words pages use: "spoiler",
# "bbCodeSpoiler", "su-spoiler-content", French "divulgâcher", Polish and Czech "spojler",
# Japanese "netabare" (ネタバレ).
SPOILER_CLASS = re.compile(r"spoil|spojler|divulg|netabare", re.I)
# A class that names the box's warning, title or control, or a box that holds spoilers among
# other text ("contains-spoilers", "with-spoiler"), or none ("spoiler-free"): no spoiler box.
_NOT_A_SPOILER_BOX = re.compile(
    r"warn|alert|banner|notice|note|title|head|label|button|toggle|trigger|badge|divider|free"
    r"|safe|varsel|aviso|avert|hinweis|ahead|control|contains|count|nospoil"
    r"|(?:^|[-_])(?:tag|has|with|nav|menu|link|icon|btn|no|non)(?:[-_]|$)",
    re.I,
)
_BOX_TAGS = {
    *("div", "section", "article", "aside", "p", "li", "td", "dd", "blockquote", "details"),
    *("spoiler", "figure"),
    # lists, tables and page regions whose class names a spoiler: each item, cell or
    # paragraph in bars of its own (bars around a list would be lines of their own)
    *("ul", "ol", "dl", "table", "tbody", "tr", "main", "header", "footer"),
    "pre",  # a <pre class="spoiler">: a forum's or a BBS's spoiler, laid out by its lines
}


def _spoiler_classed_box(tag: Tag) -> bool:
    if not isinstance(tag, Tag) or tag.attrs is None or tag.name not in _BOX_TAGS:
        return False
    if tag.name == "spoiler" or any(
        # data-spoiler="true", data-spoiler-text: a script's spoiler, named by its attribute
        name.startswith("data-")
        and SPOILER_CLASS.search(name)
        and not _NOT_A_SPOILER_BOX.search(name)
        and str(value).lower() not in _OFF
        for name, value in tag.attrs.items()
    ):
        return True
    names = [*tag.get("class", []), str(tag.get("id", ""))]
    return any(SPOILER_CLASS.search(name) and not _NOT_A_SPOILER_BOX.search(name) for name in names)


_OFF = {"false", "0", "no", "off"}


def _only_warns(tag: Tag) -> bool:
    """A box that holds nothing but a spoiler warning ("Spoilers ahead!")."""
    text = " ".join(tag.get_text(" ").split())
    return bool(_SPOILER_BADGE.match(text)) or is_spoiler_warning(text)


# What heads a box rather than being its text: its title, its control.
_BOX_LABELS = {"summary", "dt", "legend", "button", "label", "caption", *("h1", "h2", "h3")}
_BOX_LABELS |= {"h4", "h5", "h6"}
_LABEL_CLASS = re.compile(r"title|head|label|button|btn|toggle|trigger", re.I)


def _is_box_label(tag: Tag) -> bool:
    return tag.name in _BOX_LABELS or any(
        _LABEL_CLASS.search(name) for name in tag.get("class", []) if isinstance(name, str)
    )


def _mark_spoiler_box(tag: Tag) -> None:
    """A spoiler box's text in bars, paragraph by paragraph; its title or control (a
    <summary>, "su-spoiler-title") stays out of them, to head it."""
    if tag.find([*_SPOILER_BLOCKS, "div", "section"]) is not None and any(
        isinstance(child, Tag) and _is_box_label(child) for child in tag.find_all(True)
    ):
        for child in list(tag.children):
            if isinstance(child, Tag) and _is_box_label(child):
                if child.name in _HEADING_TAGS and _tells_in_a_box(child):
                    _behind_bars(child)
                continue
            if isinstance(child, Tag):
                _mark_spoiler_box(child) if child.find(_SPOILER_BLOCKS) else _behind_bars(child)
            elif str(child).strip():
                wrapper = child.wrap(Tag(name="span"))
                _behind_bars(wrapper)
        return
    _mark_spoiler(tag)


def _mark_spoiler(tag: Tag) -> None:
    """Each paragraph of a hidden spoiler box in Discord's own spoiler bars, so it is hidden
    as an ending wherever the outline files it."""
    laid_out = _laid_out_within(tag)
    for block in laid_out:
        # Read as plain text, paragraph by paragraph (``formats._flush``): bars put around the
        # box, or a paragraph of it, sit in paragraphs of their own and hide none of its text.
        _behind_bars(block)
    parts = [part for part in tag.find_all(_SPOILER_BLOCKS) if not part.find(_SPOILER_BLOCKS)]
    if laid_out and not parts:
        # The box's other text, each run in bars of its own (bars around the box would drop
        # those just put in the blocks laid out by lines)
        for string in list(tag.find_all(string=True)):
            if str(string).strip() and not any(_BARRED in p.attrs for p in string.parents):
                _behind_bars(string.wrap(Tag(name="span")))
        return
    for part in parts or [tag]:
        _behind_bars(part)
    if parts:
        for heading in tag.find_all(_HEADING_TAGS):
            if _tells_in_a_box(heading) and not any(
                _is_box_label(parent) for parent in heading.parents if parent is not tag
            ):
                _behind_bars(heading)


def _laid_out_within(box: Tag) -> list[Tag]:
    """The elements of ``box`` (itself included) whose text is read laid out by its lines:
    a ``<pre>``, one styled ``white-space: pre…``, or a ``<div>`` whose own loose text is shaped
    so (``bot.importer.preformatted``)."""
    found = []
    for tag in [box, *box.find_all(True)]:
        if tag.find(_INNER_BLOCKS) is not None:
            continue  # its blocks are paragraphs of their own, each put in bars
        loose = "".join(str(node) for node in tag.find_all(string=True, recursive=False))
        if is_preformatted(tag) or ("\n" in loose and shaped_as_lines(loose)):
            found.append(tag)
    return found


_INNER_BLOCKS = [*_SPOILER_BLOCKS, "div", "section", "article", "pre", "ul", "ol", "table"]
_INNER_BLOCKS += ["h1", "h2", "h3", "h4", "h5", "h6"]


def _tells_in_a_box(heading: Tag) -> bool:
    """A heading inside a spoiler box that is the box's text, not its label: one that names no
    section ("The ending"), warns of nothing ("Spoilers!") and opens nothing ("Show the
    ending"). "Zorvath on the pier" over the box's text is as hidden as the text: left out of
    the bars, it headed the box's part at the plot level (and labelled it in menus)."""
    text = " ".join(heading.get_text(" ").split())
    if heading.find(["button", "a"]) is not None or heading.find(attrs={"role": "button"}):
        return False  # an accordion's control: its question heads the panel it opens
    return bool(text) and not (
        ends_as_question(text)  # a question, as an FAQ's: its level is read as a question's
        or named_kind(text, "")
        or _SPOILER_BADGE.match(text)
        or is_spoiler_warning(text)
        or _CONTROL_LABEL.match(text)
        or _OFFERS.search(text)
    )


# A box's label that offers what it hides ("Show the ending", "Click to reveal", "The truth").
_OFFERS = re.compile(
    r"\b(?:spoil\w*|reveal\w*|show|see|read|click|tap|expand|hidden|truth|answer)\b", re.I
)


_BARRED = "data-epilogue-barred"
"""Marks an element put behind bars, so nothing inside it is again."""


_NAMED_COLOURS = {"white": "#ffffff", "black": "#000000", "silver": "#c0c0c0", "gray": "#808080"}
_STYLE_COLOUR = re.compile(r"(?:^|[;\s])color\s*:\s*(?P<colour>[#\w]+)", re.I)
_STYLE_BACKGROUND = re.compile(
    r"background(?:-color)?\s*:\s*(?P<colour>#[0-9a-f]{3,6}|[a-z]+)", re.I
)


def _colour(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower()
    value = _NAMED_COLOURS.get(value, value)
    if re.fullmatch(r"#?[0-9a-f]{3}", value):
        value = "#" + "".join(c * 2 for c in value.lstrip("#"))
    elif re.fullmatch(r"[0-9a-f]{6}", value):
        value = "#" + value
    return value if re.fullmatch(r"#[0-9a-f]{6}", value) else None


_HEADING_TAGS = ["h1", "h2", "h3", "h4", "h5", "h6"]


def _invisible_ink(soup: BeautifulSoup) -> list[Tag]:
    """Elements whose text colour is the background's: the page's as its <body> sets it (white
    on a page with no stylesheet; a stylesheet's is not known here) or their own
    ("color:black;background:black", a blacked-out spoiler)."""
    body = soup.body
    page = None
    if isinstance(body, Tag):
        style = _STYLE_BACKGROUND.search(str(body.get("style", "")))
        page = _colour(str(body.get("bgcolor", ""))) or _colour(style["colour"] if style else None)
    styled = soup.find("style") is not None or soup.find("link", rel="stylesheet") is not None
    if page is None and not styled:
        page = "#ffffff"  # no stylesheet: the browser's own white page
    found = []
    for tag in soup.find_all(["font", "span", "div", "p", "mark"]):
        style = str(tag.get("style", ""))
        written = _STYLE_COLOUR.search(style)
        ink = _colour(str(tag.get("color", ""))) or _colour(written["colour"] if written else None)
        own = _STYLE_BACKGROUND.search(style)
        ground = _colour(own["colour"]) if own else page
        if ink and ink == ground and tag.get_text().strip() and not tag.find(_HEADING_TAGS):
            found.append(tag)
    return found


def _behind_bars(tag: Tag) -> None:
    """What ``tag`` holds as one spoiler (``behind_bars``): bars typed inside it dropped, so
    none pairs with the ones added and leaves part of it in the open."""
    if not tag.get_text().strip() or any(
        node.attrs is not None and _BARRED in node.attrs for node in (tag, *tag.parents)
    ):
        return  # inside a spoiler already: bars of its own would pair with those around it
    tag[_BARRED] = ""
    for string in list(tag.find_all(string=True)):
        if (bare := bars_dropped(str(string))) != string:
            string.replace_with(NavigableString(bare))
    tag.insert(0, NavigableString("||"))
    tag.append(NavigableString("||"))


_CONTROL_LABEL = re.compile(
    r"^\W*(?:(?:show|see|view|load|read|click) (?:more|less|all|full)\b|(?:expand|collapse"
    r"|toggle|open|close|click|tap|hide|reveal)\b(?! (?:the |a )?(?:ending|twist))|continue\b)",
    re.I,
)
_MIN_CONTROL_WORDS = 2
_MAX_CONTROL_WORDS = 20


def _opens_text(tag: Tag) -> bool:
    """A button (or an element acting as one) that opens a panel of text: its label is the
    panel's heading, not a control to drop."""
    if not isinstance(tag, Tag) or tag.attrs is None:
        return False
    if tag.name != "button" and tag.get("role") != "button":
        return False
    words = " ".join(
        " ".join(
            str(text)
            for text in tag.find_all(string=True)
            if not any(_is_icon(parent) for parent in text.parents if parent is not tag)
        ).split()
    )
    if not _MIN_CONTROL_WORDS <= len(words.split()) <= _MAX_CONTROL_WORDS:
        return False
    label = _SPOILER_LABEL.match(words)
    if _CONTROL_LABEL.match(words) or is_chrome_line(label["rest"] if label else words):
        return False  # "Read more", "Show all": the control's own words head nothing
    if tag.get("aria-expanded") is not None or tag.get("aria-controls") is not None:
        return True
    names = " ".join(
        " ".join([*node.get("class", []), str(node.get("id", ""))])
        for node in [tag, tag.parent]
        if isinstance(node, Tag) and node.attrs is not None
    )
    return bool(_TOGGLE_WORDS.search(names))


def _is_icon(tag: Tag) -> bool:
    """A control's icon hidden from screen readers: "+", "›", "▾", an SVG; no words."""
    return (
        isinstance(tag, Tag)
        and tag.attrs is not None
        and tag.get("aria-hidden") == "true"
        and not re.search(r"\w", tag.get_text())
    )


# A spoiler box, an accordion's panel, a "read more" fold: hidden until a reader opens it, and
# the article's own text (often its ending). Named so by its class or its parent's, or opened by
# a control that names it.
_TOGGLE_WORDS = re.compile(
    r"spoil|spojler|toggle|accordion|collaps|expand|reveal|faq|answer|panel|fold|readmore|read-more"
    r"|more-text|show-more|details",
    re.I,
)


def _tabs_head_their_panels(soup: BeautifulSoup) -> None:
    """A tab list ("The setup | The ending | Questions") sits above its panels, all but one
    hidden until clicked: each tab's label heads the panel it controls, as an accordion's does."""
    for tab in soup.find_all(attrs={"role": "tab"}):
        ident = str(tab.get("aria-controls", ""))
        panel = soup.find(id=ident) if ident else None
        label = " ".join(tab.get_text(" ").split())
        if not isinstance(panel, Tag) or not label:
            continue
        heading = soup.new_tag("dt")
        heading.string = label
        panel.insert(0, heading)
        tab.decompose()


# Tabs a theme draws from class names alone (Fandom's "wds-tabs__tab" over "wds-tab__content",
# Bootstrap's "tab-pane", MediaWiki Tabber's "tabbertab" titled panels): the same tab list over
# its panels, without the ARIA roles.
_TAB_PANEL_CLASS = re.compile(
    r"(?:^|[-_])tabs?(?:__|[-_])?(?:content|pane|panel)(?:[-_]|$)|^tabber(?:tab|__panel)$"
)
_TAB_LABEL_CLASS = re.compile(r"(?:^|[-_])tabs?(?:__tab)?(?:[-_](?:title|label|link|item))?$")
_TAB_TOGGLE = frozenset({"tab", "pill"})
_TAB_TITLE_ATTRIBUTES = ("data-title", "title", "data-label")
_MAX_TAB_LABEL_WORDS = 8
# A page has a few tab sets; more are a template's repeated widget (or a hostile file), and each
# one's labels are looked for in the boxes around it.
_MAX_TAB_SETS = 12


def _has_class(pattern: re.Pattern[str]) -> Callable[[Tag], bool]:
    def matches(tag: Tag) -> bool:
        return tag.attrs is not None and any(pattern.search(name) for name in tag.get("class", []))

    return matches


def _innermost(tags: list[Tag]) -> list[Tag]:
    inside = {id(parent) for tag in tags for parent in tag.parents}
    return [tag for tag in tags if id(tag) not in inside]


def _class_tabs_head_their_panels(soup: BeautifulSoup) -> None:
    """Tabs without roles: a label linked to its panel by ``href="#id"`` or ``data-target``, or
    a run of labels over as many panels in the same box, in order; or a panel titled by its
    own attribute (a tabber the page's script draws the labels for)."""
    for label in soup.find_all(
        lambda tag: (
            tag.attrs is not None
            and str(tag.get("data-toggle") or tag.get("data-bs-toggle") or "") in _TAB_TOGGLE
        )
    ):
        target = str(label.get("data-bs-target") or label.get("data-target") or label.get("href"))
        panel = soup.find(id=target[1:]) if target.startswith("#") and len(target) > 1 else None
        if isinstance(panel, Tag):
            _head_panel(soup, panel, " ".join(label.get_text(" ").split()))
            label.decompose()
    panels = _innermost(soup.find_all(_has_class(_TAB_PANEL_CLASS)))
    by_box: dict[int, list[Tag]] = {}
    for panel in panels:
        if isinstance(panel.parent, Tag):
            by_box.setdefault(id(panel.parent), []).append(panel)
    groups = [group for group in by_box.values() if len(group) >= 2]
    for group in groups[:_MAX_TAB_SETS]:
        box: Tag | None = group[0].parent
        in_panels = {id(panel) for panel in group}
        labels: list[Tag] = []
        for _ in range(3):  # the labels' list sits beside the panels, or one box up
            if not isinstance(box, Tag):
                break
            labels = [
                tag
                for tag in _innermost(box.find_all(_has_class(_TAB_LABEL_CLASS)))
                if not any(id(parent) in in_panels for parent in tag.parents)
            ]
            if labels:
                break
            box = box.parent
        names = [" ".join(label.get_text(" ").split()) for label in labels]
        if len(labels) != len(group) or not all(
            0 < len(name.split()) <= _MAX_TAB_LABEL_WORDS for name in names
        ):
            names = [_panel_title(panel) for panel in group]
            labels = []
        if not all(names):
            continue
        for panel, name in zip(group, names, strict=True):
            _head_panel(soup, panel, name)
        for label in labels:
            label.decompose()


def _panel_title(panel: Tag) -> str:
    for attribute in _TAB_TITLE_ATTRIBUTES:
        words = " ".join(str(panel.get(attribute) or "").split())
        if 0 < len(words.split()) <= _MAX_TAB_LABEL_WORDS:
            return words
    return ""


def _head_panel(soup: BeautifulSoup, panel: Tag, label: str) -> None:
    if not label:
        return
    heading = soup.new_tag("dt")
    heading.string = label
    panel.insert(0, heading)


# How many frames around a hidden box may stand between it and its warning: the old pasted
# spoiler snippet ("Spoiler: [Show]" over a bordered box holding a display:none one) has one.
_MAX_FRAMES = 2


def _after_warning(tag: Tag) -> bool:
    """Whether the element just before ``tag`` is a spoiler warning that a reader clicks past;
    a box that is the only element of its frame counts its frame's place."""
    for _ in range(_MAX_FRAMES + 1):
        before = tag.find_previous_sibling(True)
        if isinstance(before, Tag):
            text = " ".join(before.get_text(" ").split())
            return bool(text) and is_spoiler_warning(text)
        parent = tag.parent
        if (
            not isinstance(parent, Tag)
            or parent.name in {"body", "html", "[document]"}
            or tag.find_next_sibling(True) is not None
        ):
            return False
        tag = parent
    return False


def _toggled(tag: Tag) -> bool:
    if tag.name in _CHROME_TAGS:
        return False
    if tag.get("role") == "tabpanel":
        return True  # a tab's panel, hidden until its tab is clicked
    names = [tag, *list(tag.parents)[:2]]
    classes = " ".join(
        " ".join([*node.get("class", []), str(node.get("id", ""))])
        for node in names
        if isinstance(node, Tag) and node.attrs is not None
    )
    if _TOGGLE_WORDS.search(classes) or _after_warning(tag):
        return True
    ident = str(tag.get("id", ""))
    if not ident or tag.find_parent("body") is None:
        return False
    # A control in the same box names it (aria-controls): looked up in an index of the page's
    # controls, not by searching the box once per element (a page of a thousand accordions).
    box = tag.parent
    return any(
        not is_decomposed(control) and any(parent is box for parent in control.parents)
        for control in _controls(tag).get(ident, ())
    )


def _controls(tag: Tag) -> dict[str, list[Tag]]:
    """The page's elements with ``aria-controls``, by the id they name (made once per page)."""
    root = tag
    while root.parent is not None:
        root = root.parent
    index: dict[str, list[Tag]] | None = root.__dict__.get(_CONTROLS_INDEX)
    if index is None:
        index = {}
        for control in root.find_all(attrs={"aria-controls": True}):
            index.setdefault(str(control["aria-controls"]), []).append(control)
        root.__dict__[_CONTROLS_INDEX] = index
    return index


_CONTROLS_INDEX = "_epilogue_controls"


# A page rendered in the browser ships its article inside <noscript> (for readers without
# scripts) or <template> (for the script to stamp out): then that is the article, not furniture.
_SCRIPTED_TAGS = ("noscript", "template")
_PROSE_TAGS = ["p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dd", "blockquote"]
_MIN_SERVER_COPY_WORDS = 30


def _prose_words(tags: list[Tag]) -> int:
    return sum(len(_all_text(tag).split()) for tag in tags)


def _all_text(tag: Tag) -> str:
    # Beautiful Soup leaves a <template>'s strings out of get_text(): they are not shown until
    # a script stamps them out.
    return " ".join(str(node) for node in tag.find_all(string=True))


def _as_page_text(tag: Tag) -> None:
    """Make a <template>'s strings ordinary text, as they are once the page's script runs."""
    for node in tag.find_all(string=True):
        if isinstance(node, TemplateString):
            node.replace_with(NavigableString(str(node)))


def _furniture_slot(tag: Tag) -> bool:
    slot = str(tag.get("slot") or "").lower()
    return bool(set(re.split(r"[-_\s]+", slot)) & _CHROME_CLASS_WORDS)


def _server_copies(soup: BeautifulSoup) -> list[Tag]:
    """The <noscript>/<template> elements holding more prose than the page shows outside them
    (a loading skeleton, a paywall); on a page that renders its article, they hold duplicates or
    pixels and stay out."""
    scripted = [tag for tag in soup.find_all(_SCRIPTED_TAGS) if not tag.find_parent(_SCRIPTED_TAGS)]
    outside = _prose_words(
        [tag for tag in soup.find_all(_PROSE_TAGS) if not tag.find_parent(_SCRIPTED_TAGS)]
    )
    inside = [(tag, _prose_words(tag.find_all(_PROSE_TAGS))) for tag in scripted]
    hidden = sum(words for _, words in inside)
    if hidden >= _MIN_SERVER_COPY_WORDS and hidden > outside:
        # (a component's slot named for furniture, Wiki.js's <template slot="sidebar"> and
        # slot="comments" beside slot="contents", stays out with the rest of the furniture)
        return [tag for tag, words in inside if words and not _furniture_slot(tag)]
    # A <template> inside the article whose prose the page shows nowhere else is a part of the
    # article a script stamps out (the middle of it, behind a "keep reading"), not a duplicate.
    shown = {
        _folded(tag)
        for tag in soup.find_all(_PROSE_TAGS)
        if not tag.find_parent(_SCRIPTED_TAGS) and not _hidden_copy(tag)
    }
    return [
        tag
        for tag, words in inside
        if tag.name == "template"
        and words >= _MIN_SERVER_COPY_WORDS
        and tag.find_parent("article") is not None
        and sum(_folded(p) not in shown for p in tag.find_all(_PROSE_TAGS)) * 2
        > len(tag.find_all(_PROSE_TAGS))
    ]


def _folded(tag: Tag) -> str:
    return " ".join(_all_text(tag).lower().split())


def _hidden_copy(tag: Tag) -> bool:
    """Inside an element shown to nobody (``hidden``, ``display: none``)."""
    return any(
        parent.has_attr("hidden") or bool(_HIDDEN_STYLE.search(str(parent.get("style", ""))))
        for parent in [tag, *tag.parents]
        if isinstance(parent, Tag) and parent.attrs is not None
    )


# A forum's or a Q&A site's name line: nothing but a link to someone's profile.
_PROFILE_URL = re.compile(r"/(?:profile|user|users|u|author|authors|members?|people)/", re.I)


def _profile_link(tag: Tag) -> bool:
    if tag.name not in {"div", "span", "p"}:
        return False
    links = tag.find_all("a")
    text = " ".join(tag.get_text(" ").split())
    return (
        len(links) == 1
        and bool(text)
        and text == " ".join(links[0].get_text(" ").split())
        and bool(_PROFILE_URL.search(str(links[0].get("href", ""))))
    )


# A menu, share bar, tag list, pager or "trending" rail: short, and mostly link text.
_LINK_SHARE = 0.6
_MAX_LINK_BOX_WORDS = 60


def _mostly_links(tag: Tag) -> bool:
    if tag.name not in {"div", "ul", "ol", "p", "section", "span", "table", "center", "font"}:
        return False
    links = tag.find_all("a")
    if len(links) < 2:
        return False
    text = " ".join(tag.get_text(" ").split())
    if not text or len(text.split()) > _MAX_LINK_BOX_WORDS:
        return False
    linked = sum(len(" ".join(a.get_text(" ").split())) for a in links)
    return linked / len(text) >= _LINK_SHARE


# An old page laid out in a table: one cell holds the article, a narrow cell beside it the
# site's menu, counters and badges.
_SIDEBAR_SHARE = 0.25


def _layout_sidebar(tag: Tag) -> bool:
    if tag.name != "td" or len(tag.find_all("a")) < 2 or tag.parent is None:
        return False
    cells = tag.parent.find_all("td", recursive=False)
    words = len(tag.get_text(" ").split())
    widest = max((len(cell.get_text(" ").split()) for cell in cells), default=0)
    return len(cells) >= 2 and widest >= _MIN_ARTICLE_WORDS and words <= _SIDEBAR_SHARE * widest


# A teaser card for another article: one link around a title and its excerpt.
def _link_card(tag: Tag) -> bool:
    if tag.name not in {"div", "section", "article", "li", "aside"}:
        return False
    links = tag.find_all("a")
    if len(links) != 1 or str(links[0].get("href", "")).startswith("#"):
        return False
    text = " ".join(tag.get_text(" ").split())
    if not text or len(text.split()) > _MAX_LINK_BOX_WORDS:
        return False
    link = links[0]
    linked = " ".join(link.get_text(" ").split())
    if text == linked:
        return link.find(["div", "p", "h2", "h3", "h4", "span"]) is not None
    # A card whose byline, date and reading time sit beside the link around its title and
    # excerpt ("By Priya Anand · a year ago · 4 min read"): an article's own item never puts
    # its heading and its text in one link.
    return (
        link.find(_CARD_HEADINGS) is not None
        and link.find(["p", "div"]) is not None
        and len(text.split()) - len(linked.split()) <= _MAX_CARD_META_WORDS
    )


_MAX_CARD_META_WORDS = 12


# A post card in a listing of other posts (a theme's "Related Posts" module, a blog's archive
# grid): a heading that is wholly a link, an excerpt, and maybe a "read more" link, every link
# leading to the same other page.
_CARD_HEADINGS = ["h2", "h3", "h4", "h5"]


def _post_card(tag: Tag) -> bool:
    """One of two or more such cards side by side, each cut short ("…") or led to twice (its
    title and "read more"): an article's own items whose headings link somewhere (a theme
    to its tag page) are whole paragraphs, each with one link."""
    if not _card_shape(tag) or tag.parent is None:
        return False
    cards = [
        sibling
        for sibling in tag.parent.find_all(tag.name, recursive=False)
        if sibling is tag or _card_shape(sibling)
    ]
    return len(cards) >= 2 and all(_cut_or_led_twice(card) for card in cards)


def _card_shape(tag: Tag) -> bool:
    if tag.name not in {"div", "section", "article", "li"}:
        return False
    heading = tag.find(_CARD_HEADINGS)
    links = tag.find_all("a")
    if heading is None or not links or heading.find("a") is None:
        return False
    address = str(links[0].get("href", ""))
    if not address or address.startswith("#") or any(a.get("href") != address for a in links):
        return False
    title = " ".join(heading.get_text(" ").split())
    return (
        title == " ".join(heading.find("a").get_text(" ").split())
        and len(tag.find_all(_CARD_HEADINGS)) == 1
        and len(tag.get_text(" ").split()) <= _MAX_LINK_BOX_WORDS
    )


def _cut_or_led_twice(card: Tag) -> bool:
    heading = card.find(_CARD_HEADINGS)
    assert heading is not None
    excerpt = " ".join(
        text for text in card.find_all(string=True) if heading not in text.parents
    ).strip()
    return (
        len(card.find_all("a")) >= 2
        or not excerpt
        or bool(re.search(r"(?:…|\.\.\.|\[…\])$", excerpt))
    )


# An infobox, a cast list or a box of links laid out as a table: rows of short cells, no prose.
# A table used for layout (an e-mail's) holds paragraphs, or other tables.
MAX_DATA_CELL_WORDS = 12
_MIN_SENTENCE_CELL_WORDS = 6


def sentence_rows(rows: list[list[str]]) -> bool:
    """Whether a table's rows each say something in a sentence ("The watch | Vidal's father's
    broken watch: his obsession with a death worth remembering."): prose laid out in a grid (a
    table of symbols, of theories), however short its cells. An infobox's or a cast list's cells
    are names and figures, not sentences; a header row of labels may be the one row without."""
    body = [row for row in rows if any(row)]
    said = [row for row in body if any(map(_says_something, row))]
    return len(said) >= 2 and len(said) >= len(body) - 1


def _says_something(cell: str) -> bool:
    """A cell that is a sentence, or a clause told without its full stop ("Dies of old age on
    the beach beside Guy"): words mostly in lower case, as names, titles and figures are not."""
    words = cell.split()
    if len(words) < _MIN_SENTENCE_CELL_WORDS:
        return False
    if cell.rstrip().endswith((".", "!")):
        return True
    lower = [word for word in words if word[:1].islower()]
    return len(lower) * 3 >= len(words) * 2


def _data_table(tag: Tag) -> bool:
    if tag.name != "table" or tag.find("table") is not None:
        return False
    rows = tag.find_all("tr")
    cells = tag.find_all(["td", "th"])
    firsts = [row.find(["td", "th"]) for row in rows]
    if sum(1 for cell in firsts if cell and ends_as_question(cell.get_text().strip())) >= 2:
        return False  # questions and their answers: an FAQ laid out as a table
    grid = [[" ".join(c.get_text(" ").split()) for c in row.find_all(["td", "th"])] for row in rows]
    if tag.find("a") is None and sentence_rows(grid):
        return False  # a table of sentences is the article's, not the site's
    return len(rows) >= 2 and all(
        len(cell.get_text(" ").split()) <= MAX_DATA_CELL_WORDS for cell in cells
    )


# "MORE: <a>The 40 greatest thrillers</a>", "READ NEXT: <a>…</a>": a labelled pointer elsewhere.
# (in any language: "Lee también:", "Leia também:", "À lire aussi :")
_LINK_LABEL = re.compile(r"^(?=.{2,22}$)(?-i:[A-ZÀ-Þ])[^\W\d_]*(?: [^\W\d_]+)*\s?:$")
# The same label in a script without capitals ("यह भी पढ़ें:", "あわせて読みたい："): its vowel
# signs are no \w, so any run of non-space, non-digit characters is a word.
_CASELESS_LINK_LABEL = re.compile(r"^(?=.{2,22}$)[^\s\d:：A-Za-z]+(?: [^\s\d:：A-Za-z]+)*\s?[:：]$")
_MAX_POINTER_WORDS = 24


def _labelled_link(tag: Tag) -> bool:
    if tag.name not in {"p", "div"}:
        return False
    links = tag.find_all("a")
    text = " ".join(tag.get_text(" ").split())
    if len(links) != 1 or not text or len(text.split()) > _MAX_POINTER_WORDS:
        return False
    label = " ".join(text.replace(" ".join(links[0].get_text(" ").split()), "", 1).split())
    return bool(
        _LINK_LABEL.match(label)
        or (_CASELESS_LINK_LABEL.match(label) and not label[0].isascii() and label[0].isalpha())
    )


_SHORT = 200
_LINE_RULES = [
    re.compile(pattern, re.I)
    for pattern in (
        r"⌘\s?K\b|\bctrl\s?\+\s?k\b|^search\b.{0,80}$",
        # a review site's vote: "Was this review helpful? Sign in to vote."
        r"^was this (?:review|answer|article|post|page) helpful\b.{0,40}$"
        # … and its row of votes and links: "Helpful 312 41 Permalink Report this"
        r"|^helpful\W*\d[\d\s.,k]*(?:permalink)?\W*(?:report(?: this)?)?$|^permalink$",
        # a shared AI chat's notices, and the assistant's offer of more at the end of an answer
        r"\b(?:chatgpt|claude|copilot|perplexity) can make mistakes\b"
        r"|\bthe link creator['’]s personali[sz]ed data\b"
        r"|^(?:let me know|feel free to ask) if you(?:['’]d| would)? (?:like|want|need)\b.{0,160}$"
        r"|^(?:i )?hope (?:this|that) helps\W*(?:(?:let me know|feel free to ask) if you"
        r"(?:['’]d| would)? (?:like|want|need)\b.{0,160})?$"
        # Claude's share notice ("Shared by Dana", "This is a copy of a chat between Claude and
        # Dana…"), Gemini's footer ("Gemini may display inaccurate info…")
        r"|^shared by (?-i:[A-Z][\w.'’-]*)(?: (?-i:[A-Z][\w.'’-]*))?$"
        r"|\bthis is a copy of a chat between claude and\b|\bshared snapshot may contain\b"
        r"|\bgemini may display inaccurate info\b",
        # "Follow us on Google News" in any language: one sentence naming the service
        r"^(?!.*[.!?]\s).{0,80}\bgoogle news\b.{0,80}$",
        # a blog's name and its "Follow" button over a post (a Tumblr reblog trail)
        r"(?-i:^@?[a-z0-9][a-z0-9_.-]{1,38} Follow)$",
        # (its date glued on, where the dot between them was dropped: "9 min readSep 12, 2020")
        r"\b\d+\s*(?:-\s*)?min(?:ute)?s?\.?\s+read(?:\b|(?-i:(?=[A-Z])))",
        r"^(?:updated|published|posted|last updated?|first published|last modified|modified)\b"
        r".{0,60}$",
        # a series box: "This page is part of the Jeff Nichols series. Next up: Mud (2012)."
        r"^this (?:page|post|article|essay|piece|review) is part (?:\d+ )?of (?:the|a|an|our|my)\b"
        r".{0,120}$",
        # a wiki page's provenance: "Created by Dana Okafor, last modified by Theo Brandt on …"
        r"^created by\b.{0,60}\b(?:last )?(?:modified|edited|updated) by\b.{0,60}$",
        # an expanding box's control: "Click to show the short answer", "Expand for the ending"
        # (one that names what it hides, "Click to reveal who Virginia is", heads it instead)
        r"^(?:click|tap|press)(?: here)? to (?:show|see|reveal|expand|read|open|view) (?:the )?"
        r"(?:(?:short |full )?answer|ending|spoilers?|more|details|(?:full )?text)\b.{0,30}$"
        r"|^(?:expand|open|show|reveal)(?: this)? (?:for|to see|to read|to show) (?:the )?"
        r"(?:answer|ending|spoilers?|details|more)\b.{0,30}$",
        r"^(?:mon|tue|wed|thu|fri|sat|sun)\w*,? \d{1,2} \w+ \d{4}\b",
        # a date and nothing else: "November 30, 2022", "14 Feb 2023", "March 2020"
        r"^(?:(?:\d{1,2}(?:st|nd|rd|th)? )?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov"
        r"|dec)[a-z]*\.?(?: \d{1,2}(?:st|nd|rd|th)?,?)? \d{4}|\d{4}-\d{2}-\d{2})"
        r"(?:,? (?:at )?\d{1,2}[:.]\d{2}\s*(?:[ap]\.?m\.?)?(?: [A-Z]{2,4})?)?$",
        # "By Simon, Staff Writer"; not "By the end, …" (names are capitalised; prose ends in ".")
        r"^(?:by|words by|written by|reporting by|review by)"
        r" (?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})\b"
        r"(?=.{0,120}$)(?!.*[.!?\"”]$)",
        r"\b(?:reviewed|edited|fact-checked) by\b|\bstaff writer\b|\bsenior (?:editor|writer)\b",
        # (after a sign: "⚠ SPOILER WARNING: the rest of this post reveals…", "🚨 Spoilers")
        # (not a bracketed tag: "[Spoilers] Can someone explain…" is a thread's title)
        r"^[^\w\[\](){}]{0,4}spoilers?(?: alert| warning)?\b"
        r"|^[^\w\[\](){}]{0,4}(?:warning|caution|heads up)\s*[:!-]\s*.{0,40}\bspoil"
        # a social post's content warning: "CW: Split spoilers (2/6)"
        r"|^(?:cw|tw|content (?:warning|note))\s*[:!-]\s*.{0,60}\bspoil[^.!?]{0,60}$",
        r"\b(?:contains?|includes?|with) (?:major |full |heavy |huge |massive )?spoilers\b",
        # "It discusses the entire film, including the ending": a warning that never says
        # "spoiler"
        r"\b(?:discuss\w*|covers?|reveals?|gives? away|talks? about) (?:the )?(?:entire|whole"
        r"|full|complete) (?:film|movie|plot|story)\b.{0,60}"
        # ("…, including the final minutes", "…, last act and all")
        r"\b(?:ending|end|(?:final|last|closing) (?:minutes?|scenes?|shots?|act|reel|twist))\b"
        r"|\bspoilers? (?:ahead|below|follow)\b|\byou(?:'ve|’ve| have) been warned\b"
        # "Everything below the first section spoils the film": what is below, not a sentence
        # about the film
        r"|^(?:everything|all|the rest)(?: of this (?:post|page|article))? (?:below|after|from)"
        r"\b[^.]{0,50}\bspoils? (?:the|it|everything)\b"
        r"|^[^.]{0,20}\bspoilers? (?:for|about) [^.]{1,60} (?:below|ahead|follow)\b"
        # a warning slide: "⚠ SPOILER ZONE ⚠", "Last chance to close your eyes."
        r"|^\W*spoilers? (?:zone|territory|country)\W*$"
        r"|^(?:this is )?(?:your )?last chance to (?:close your eyes|look away|turn back|bail"
        r"|stop reading)\b"
        # "The spoilers start here, and they do not stop.", "ok spoilers from here", "From here
        # on, spoilers."
        r"|^[^.]{0,25}\bspoilers? (?:start|begin|kick in|from here|now\b)[^.]{0,40}[.!]?$"
        r"|^(?:(?:ok(?:ay)?|so|alright|right),? )?(?:from here(?: on)?|beyond this point"
        r"|past this point|below this line),? (?:there (?:will )?be |it's |it is |we have )?"
        r"(?:all |full |major |heavy )?spoilers\b",
        # "If you haven't seen it, pause now.", "Turn back now if you have not seen the film."
        r"\bif you (?:haven't|haven’t|have not) (?:seen|watched) (?:it|the (?:film|movie))\b"
        r"[^.]{0,20}\b(?:stop|pause|turn back|look away|bail)\b"
        r"|\b(?:stop|pause|turn back|look away) (?:here|now|reading)\b[^.]{0,20}\bif you"
        r" (?:haven't|haven’t|have not) (?:seen|watched)\b"
        r"|\bgives? away (?:the )?(?:whole |entire |full )?ending\b"
        # "Everything below gives away the last twenty minutes"
        r"|^(?:everything|all|what follows|the rest of (?:this|the) (?:post|piece|article))"
        r"(?: below| from here(?: on)?| after this)? gives? away\b",
        r"^[●•▪■]?\s*continue reading\b|^back to\b|^open (?:guide|article|the guide)\b",
        r"(?:→|»|›)\s*$",
        r"^[-–—*_.\s]*(?:advertisement|advertising|advert|ad|sponsored(?: content)?|"
        r"(?:story|article) continues(?: below)?(?: advertisement)?|continue reading below|"
        r"scroll to continue(?: with content)?|skip advert)[-–—*_.\s]*$",
        # a video player's label in the text: "SCREENRANT VIDEO OF THE DAY"
        r"\bvideo of the day",
        # a network's box of topic links: "Explore topics", "Browse categories"
        r"^(?:explore|browse|more|popular) (?:topics|categories|tags)$",
        # a gallery's controls and the card after it: "Next slide", "Up next: …"
        r"^(?:up|read|watch) next\b(?!,)|^(?:next|previous|prev) slide$|^start (?:the )?slideshow$"
        # a slideshow's counter, alone or over its slide's caption: "1 of 12", "Slide 1 of 12: …"
        r"|^(?:slide|image|photo) \d{1,3} of \d{1,3}\b.{0,80}$|^\d{1,3} of \d{1,3}$",
        # an old home page's furniture: its counter, webring, guestbook and browser badge
        r"\byou are (?:visitor|viewer) (?:number|no\.?|#)|\bvisitors? since\b|\bhit counter\b"
        r"|\bweb ?ring\b|\b(?:sign|view|read) (?:my|the|our) guest ?book\b"
        r"|\bbest viewed (?:in|with|at)\b|^\W*under construction\W*$|^\W*(?:questions\?\s*)?"
        r"e-?mail me\W*$|^\W*(?:<<|«)?\s*previous (?:review|page|post)\b.{0,60}$",
        r"\bwhere to (?:watch|stream)\b",
        r"^(?:read more|read next|see also|related|more from|watch next|recommended|also read"
        r"|read also|also see|don['’]t miss|must read)\b",
        # a forum post's edits that only thank or point elsewhere: "Edit: thanks for the gold!"
        r"^edit\s*\d*\s*:.{0,80}\b(?:gold|awards?|upvotes?|kind strangers?|thanks|thank you"
        r"|typos?|formatting|spelling|blew up|another thread)\b.{0,60}$",
        # an affiliate disclosure: "We earn a commission if you click this link"
        r"\b(?:we|i) (?:may |might |will )?(?:earn|receive|get|make) (?:a )?(?:small )?"
        r"(?:commission|share of (?:the )?sales)\b|\baffiliate links?\b",
        # a story site's author's note to the readers (Wattpad, AO3): "A/N: thank you for 2K
        # reads!! vote and comment"
        r"^\W*a/n\s*:",
        # a post's counters: "214 views", "Post not marked as liked"
        r"^\d[\d,.]*[KkMm]? (?:views?|likes?|reads?|claps?|shares?|reactions?)$"
        # a thread's post lines: "submitted 3 years ago by", "1,203 points 3 years ago",
        # "all 148 comments"
        r"|^submitted\b.{0,40}\bby\b.{0,30}$"
        r"|^\d[\d,.]*[KkMm]? (?:points?|upvotes?|votes?)\b.{0,30}$"
        r"|^all \d[\d,.]*[KkMm]? (?:comments?|replies|answers)$"
        r"|\bnot marked as liked",
        r"\b(?:sign up|subscribe)\b|\bnewsletter\b|^follow us\b|\bclick here\b"
        r"|^follow [\w&' ]{1,30} on (?:instagram|x|twitter|facebook|tiktok|threads|bluesky"
        r"|youtube|mastodon)\b",
        r"\b(?:read|check out|see|explore|browse) our\b|\byou (?:may|might) also (?:like|enjoy)\b",
        r"\bour (?:full |complete )?(?:guide|ranking|list|roundup|coverage) (?:to|of)\b",
        r"^(?:share|tweet|copy link|comments?|print|email)\b.{0,30}$",
        # a shop's product line in a post: "Shop the film: … — Regular price $24.99 USD",
        # "Sale price", "Add to cart"
        r"\b(?:regular|sale|unit) price\b|\badd to (?:cart|bag|basket)\b"
        r"|^shop (?:the|this) (?:film|movie|look|post|story)\b.{0,120}$",
        r"^(?:tags?|topics?|filed under|categories)\s*:",
        # a journal entry's header fields (LiveJournal, Dreamwidth): "Current Mood: tired"
        r"^current (?:mood|music|location)\s*:",
        r"^(?:copyright|all rights reserved)\b|©|\(c\) ?(?:18|19|20)\d\d\b",
        # ad breaks in their many wordings: "Ad break - scroll to keep reading", "Sponsored: …"
        r"^\W*(?:advertisement|sponsored|promoted|ad (?:break|feature)|paid (?:post|content))\b",
        r"\b(?:article|story|text) continues\b|\bcontinues? (?:below|after)\b"
        r"|\bscroll (?:down )?to (?:continue|keep reading)\b|\bafter (?:this|the) ad\b",
        r"\bwe use cookies\b|\bcookie (?:policy|settings|preferences)\b|^accept (?:all|cookies)\b"
        r"|\bin your inbox\b|^enter your email\b|\bpowered by\b"
        # a sign-off on its own, not a post's last sentence after what it says
        r"|^[^.!?]{0,40}\bthanks for reading\b",
        # a long article's page links and its paywall's terms: "Next page: The ending »",
        # "« Previous page", "Back to page 1", "Keep reading", "Registered readers get 3 free
        # articles a month"
        r"^\W*(?:next|previous|prev) page\b.{0,60}$|^\W*back to page \d+\b.{0,30}$"
        r"|^page \d+ of \d+$|\bon the next page\W*$|^keep reading\W*$"
        r"|^read the (?:rest|full (?:post|article|story))\b"
        r"|\byou(?:'ve|’ve| have) reached the end of (?:this|the) (?:article|story|post)\b"
        r"|\bfree articles? (?:this|a|per|each) month\b|\balready a subscriber\b"
        r"|^(?:registered|logged-in) (?:readers|users) get\b",
        # a printed page's address lines and a newsletter's sign-off
        r"^(?:url|link|permalink)\s*:\s*https?://\S+$|^https?://\S+$"
        r"|\bhit reply\b|\breply to this (?:e-?mail|letter)\b|\bforward (?:this|it) to a friend\b"
        # a members' site's footer: "This post was sent to 2,104 members of …. Join free"
        r"|\b(?:sent|e-?mailed|delivered) to [\d,.]+[KkMm]? (?:members|subscribers|readers)\b"
        # a newsletter e-mail's top and bottom: "View this post on the web at https://…",
        # "Like this post? Tap the heart"
        r"|^view this (?:post|email|e-mail|issue) (?:on the web|in (?:your|a) browser|online)\b"
        r"|\b(?:tap|hit|click) the (?:heart|like button|♥|❤)",
        # a forum thread's furniture: "Thread starter X · Start date …", "You must log in or
        # register to reply here.", the reply box's "Join the conversation" and its note
        r"^thread starter\b|\bstart date\b.{0,30}$|\blog in or register to (?:reply|post)\b"
        r"|^join the (?:conversation|discussion)$|\byou can post now and register later\b"
        # vBulletin's box of what a visitor may do, and its clock line: "Posting Rules", "You
        # may not post replies", "BB code is On", "All times are GMT -5. The time now is …"
        r"|^posting rules$|^you (?:may|may not) (?:post|edit)\b.{0,30}$"
        r"|^(?:bb ?code|smilies|\[img\] code|\[video\] code|html code) (?:is|are) (?:on|off)$"
        r"|^all times are (?:gmt|utc)\b.{0,60}$"
        # a Reddit post's thanks for its awards: "EDIT: thanks for the gold, kind stranger!"
        # (its "EDIT:" label may be read as a heading over it)
        r"|^\W*(?:edit\s*\d*\W{0,3}:?\W*)?(?:thanks|thank you|wow|omg)\b.{0,40}"
        r"\b(?:gold|silver|awards?|upvotes|karma|front page)\b"
        r"|^reactions\s*:",
        # an e-mail's sign-off on a line of its own
        r"^(?:cheers|best|thanks|many thanks|regards|best regards|kind regards|all the best"
        r"|warmly|yours|talk soon|(?:until|see you|catch you) next (?:week|time|month|issue"
        r"|(?:mon|tues|wednes|thurs|fri|satur|sun)day)"
        r"|(?:see you|catch you|until) (?:on )?(?:mon|tues|wednes|thurs|fri|satur|sun)day)[,!.]?$"
        # a newsletter's button to its own event: "Get tickets for Friday's screening"
        r"|^(?:get|buy|book|reserve) (?:your )?(?:tickets?|seats?)\b[^.!?]{0,50}$"
        # a site's question under every page and its link: "Is this page useful?", "Report a
        # problem with this page", "Was this article helpful?"
        r"|^(?:is|was) this (?:page|article|post|guide|answer) (?:useful|helpful)\??$"
        r"|^report an? (?:problem|issue|error|mistake)(?: with this (?:page|article|post))?\.?$"
        # a community site's line under a post: "…you may consider blocking this person and/or
        # reporting abuse"
        r"|\b(?:and/or|or) report(?:ing)? abuse$"
        # a link to a file, with its format and size: "Teachers: download the classroom
        # worksheet (PDF, 212KB)"
        r"|^[^.!?]{0,60}\bdownload\b[^.!?]{0,80}\((?:pdf|docx?|odt|epub|pptx?|xlsx?|zip)\b"
        r"[^)]{0,30}\)\.?$"
        # a newsletter's greeting to its new readers: "Hello again, and welcome to the 2,140 of
        # you who joined…", "Hi all! Welcome to the 96 new subscribers."
        r"|^(?:(?:hi|hello|hey|hiya|greetings)\b[^.!?]{0,30}[,!]\s*(?:and\s+)?(?:a\s+)?"
        r"(?:(?:warm|big|special)\s+)?)?welcome (?:to|back to) (?:all |the |our )?"
        r"(?:[\d,.]+[KkMm]?|many) (?:new )?(?:readers|subscribers|members|of you)\b"
        # or a greeting alone: "Hi all,", "Hello again, reelers."
        r"|^(?:hi|hello|hey|hiya|greetings|good (?:morning|afternoon|evening))(?: again)?"
        r"(?:,? [\w'’]+(?: [\w'’]+){0,2})?\s*[,.!]$"
        # a sponsor's label over its box: "TOGETHER WITH MUBI", "Presented by …"
        r"|^(?:together with|in partnership with|presented by|brought to you by|sponsored by"
        r"|today's sponsor|this issue is sponsored by)\b[^.!?]{0,40}$"
        # a site's legal links on lines of their own
        r"|^(?:terms of (?:service|use)|privacy (?:policy|notice)|cookie policy|imprint"
        r"|impressum)$"
        # and a signature under the "-- " rule mail and note apps put before it: "-- Ines"
        r"|^-- ?[\w.'’ -]{1,30}$",
        r"^(?:posted|written|filed) (?:on|by|in|at)\b|^labels?\s*:|^(?:newer|older) posts?\b"
        # what a document was written for, under its title: "notes for Tuesday's seminar (Film
        # 214), M. Okoye", "Handout for the 31 Oct screening"
        r"|^(?:(?:reading |seminar |lecture |class |course )?notes|handout|draft|slides)"
        r" (?:for|from) (?:[^.!?]|(?<=\b[A-Z])\.){0,80}$"
        r"|^post by\b|^(?:prepared|compiled) by (?-i:[A-Z])|^(?:back to )?top$",
        r"^(?:follow|listen|reply|like|save|home|menu|sign in|log in)$"
        r"|^\W*(?:[\d.,]+[KkMm]?\s*[·•|]?\s*)?\d[\d,.]*[KkMm]? (?:comments?|responses?)\b",
        # a liveblog post's time stamp on its own line: "21.10 GMT", "9:42 pm ET"
        r"^\d{1,2}[.:]\d{2}\s?(?:[ap]\.?m\.?\s?)?(?:GMT|BST|UTC|CET|CEST|EST|EDT|CST|CDT|PST|PDT"
        r"|ET|PT)$",
        # a post's or a comment's age on a forum: "nolanfan_88 • 3 yr. ago", "2 hours ago"
        r"(?:^|[•·|]\s*)\d{1,3}\s?(?:[smhdwy]|mo|mos|yr|yrs|hours?|days?|weeks?|months?"
        r"|years?|mins?|minutes?)\.?\s+ago\b",
        r"\bcomments (?:are|have been) (?:closed|disabled|turned off)\b"
        r"|\bthoughts on\b|^leave a (?:reply|comment)\b|^\W*(?:trending|popular|most read)\b"
        # a comment form's notes: "Your email address will not be published."
        r"|^your email(?: address)? will not be published\b"
        r"|^most (?:popular|viewed|shared|emailed)$|^explore more\b"
        # a signed-in member's menu label: "my subreddits", "my communities", "your feeds"
        r"|^(?:my|your) (?:subreddits|communities|feeds?|boards|forums|groups|subscriptions"
        r"|follows|watchlists?)$",
        r"\b(?:min|minute) read\b|\blast edited\b|\bcreative commons\b|\bcc[- ]by\b",
        # a post's byline data between separators: "2025-01-19 · ~1600 words · tags: film"
        r"(?:^|[·|•]\s*)~?\d[\d,.]*\s?(?:words|wörter|mots|palabras)\s*(?:[·|•]|$)"
        r"|(?:^|[·|•]\s*)(?:tags?|tagged|filed under|categories)\s*:",
        r"^(?:issue|episode|vol\.?) #?\d+\b|\bpage \d+ of \d+\b",
        # a byline's count among its parts: "Deep Cuts · Issue #87 · by Mara", "… · talk #14"
        r"(?:^|[·|•]\s*)(?:issue|episode|vol\.?|talk|no\.)\s?#?\d+\s*(?:[·|•]|$)",
        # a plain-text newsletter's masthead ("OLD REELS WEEKLY -- No. 212"), and an image its
        # mail program left as its address ("[https://…/logo.png]")
        r"^[^.!?]{1,50}\s(?:--|[–—|·])\s(?:no\.|issue|#)\s?\d+$"
        r"|^\[?https?://\S+\.(?:png|jpe?g|gif|webp|svg)\]?$",
        # a question-and-answer site's post furniture; a wiki's provenance lines
        # (a label and its count in two elements spaced by CSS only read glued: "Viewed61k
        # times", "Asked3 years ago")
        r"^(?:asked|answered|edited|modified|viewed)(?:\b|(?=\d)).{0,60}"
        r"\b(?:ago|times|at \d|\d{4})\b"
        r"|^retrieved from\b|\bthis page was last (?:edited|modified)\b"
        r"|^from [A-Z][\w ]{1,40}, the [\w ]{1,40}$",  # a site's tagline under its name
        # a newsletter's envelope: the browser link, forwarding, why you got it, leaving
        r"\bunsubscribe\b|\byou(?:'re|’re| are) (?:receiving|getting) this\b|^forward to a friend\b"
        r"|\byou (?:received|got) this (?:e-?mail |newsletter |issue )?because\b"
        # a social thread's pointers and its closing plea
        r"|^(?:a )?thread (?:below|👇)|\bif you (?:liked|enjoyed) this (?:thread|post)\b"
        # … and a post's closing thanks and follow line: "Thanks to Mina for reading a draft. If
        # you liked this, the follow button is at the top of the page."
        r"|\bif you (?:liked|enjoyed) (?:this|it)(?: (?:post|piece|essay|article|story))?[,!.]"
        r".{0,40}\b(?:follow (?:button|me|us|for|along)|subscribe)\b"
        r"|^thanks to\b.{1,60}\bfor reading (?:a |an |the |my |this )?(?:early )?drafts?\b"
        r"|\bforward this (?:e-?mail|newsletter|issue|post)\b|\btrouble (?:reading|viewing) this\b"
        r"|\bview (?:it |this (?:e-?mail |issue )?)?in (?:your|a|the) (?:web )?browser\b"
        r"|\b(?:update|manage) (?:your )?(?:e-?mail )?(?:preferences|subscription)\b",
        # a comment thread's controls
        r"^sort(?:ed)? by\b|^(?:view|load|show) (?:more|all|\d+) (?:comments|replies)\b"
        r"|^sort(?:ed)?\b.{0,30}$|^all related\b",
        # a Q&A site's answerer line: credentials, counts and the answer's age ("· Updated 3y")
        # (the count ends on a digit: "released in 2024, following…" is a clause, no counter)
        r"\b\d(?:[\d.,]*\d)?[KkMm]? (?:answers?|answer views|followers|following|upvotes|karma"
        r"|posts)\b"
        r"|·\s*(?:updated\s+)?\d{1,2}\s?(?:[smhdwy]|mo|yr|yrs)$",
        # a star rating and the diary line around it: "Watched 14 Jan, 2024 ★★★★½"
        r"[★☆]{2,}|[★☆]\s*½|^(?:watched|rewatched|logged|rated)\b.{0,40}\d",
        # template code left in an export: Hugo/Liquid shortcodes, "[embed]" tags
        r"^\{\{.*\}\}$|^\{%.*%\}$|^\[/?(?:embed|caption|video|gallery)\b[^\]]*\]",
        # a fan writer's plea for feedback: "Kudos and comments keep me going!"
        r"\b(?:kudos|comments?|reblogs?|likes?)(?: and | & |, )(?:kudos|comments?|reblogs?"
        r"|likes?) (?:keep|make|mean|are|fuel)\b|^(?:please )?leave (?:some )?kudos\b"
        # … for claps, likes and follows: "a clap or two keeps me writing", "give it a clap",
        # "いいね＆フォローお願いします", "좋아요와 구독 부탁드려요"
        r"|\bclaps?(?: or two)?(?: and a follow)? (?:keeps?|helps?|means?|fuels?) (?:me|us)\b"
        r"|\b(?:give|leave) (?:it |this |me )?(?:a |some )?claps?\b"
        r"|(?:いいね|フォロー|読者登録|コメント)(?:[＆&・と]?(?:いいね|フォロー|読者登録|コメント))*"
        r"(?:を|も)?(?:お願いします|お願いしますm|よろしくお願い|してくれると嬉しい)"
        r"|(?:좋아요|구독|공감|댓글)(?:(?:와|과|,| 및)? ?(?:좋아요|구독|공감|댓글))* ?부탁",
        # a Japanese blog's ranking banner link ("にほんブログ村", "人気ブログランキング")
        r"^(?:にほんブログ村|人気ブログランキング|fc2ブログランキング|ブログランキング)(?:\s?\S{0,20})$",
        # tip jars and memberships
        r"\bbuy (?:me|us) an? (?:coffee|beer|pizza|tea)\b"
        r"|\bshare (?:it|this(?: post| article| piece)?) with (?:a friend|your friends|someone)\b"
        r"|\bko-fi\b|\bpatreon\b|\bbecome a (?:member|patron|paid subscriber)"
        r"|\bsupport (?:us|me|my work|this (?:blog|site|newsletter)|independent)\b"
        r"|\breader-(?:funded|supported)\b"
        # a news site's reader-revenue box: "You've read 9 articles in the last year", "we have
        # a small favour to ask", "Support the Guardian from just £2"
        r"|\byou(?:'ve|’ve| have) read \d+ (?:free )?articles?\b|\ba small favou?r to ask\b"
        r"|\bsupport (?:the )?[\w ]{1,30} (?:from|for) (?:just |as little as |only )?[£$€]\s?\d",
        r"^loading\W*$|\benable javascript\b|\bjavascript (?:is )?(?:disabled|required)\b",
        # a notes export's stamp and the writer's own to-dos: "Exported from Dynalist.",
        # "todo: add a still? ask Margaux"
        r"\bexported (?:from|with|by|using) (?-i:[A-Z])[\w.]*\.?$|^(?:todo|to-do|fixme|tk)\s*:",
        # a web story's or a teaser's pointers: "Swipe up for spoilers", "Read the full
        # explainer", "More web stories from…"
        r"^swipe (?:up|left|right|down)\b|\bweb stor(?:y|ies)\b"
        r"|^read the (?:full|whole|complete) (?:story|article|explainer|piece|review|post)\b",
        # a podcast's furniture: cues in brackets, sponsor reads, the plea for ratings, the
        # transcript's own disclaimer and its header lines
        r"^[\[(](?:[\w ]{0,20})?(?:music|applause|laughter|crosstalk|inaudible|intro|outro"
        r"|theme|jingle|ad break|break)[\w ]{0,20}[\])]$",
        r"\b(?:brought to you by|sponsored by|(?:a )?word from our sponsors?|promo code)\b"
        r"|\b(?:rate|review|subscribe)(?: and | & |, )(?:rate|review|subscribe)\b"
        r"|\bwherever you (?:get|listen to) (?:your )?podcasts\b|\blisten on (?:apple|spotify)"
        r"|\btranscripts? (?:was|were|is|are) (?:generated|produced|machine|auto)"
        r"|^(?:transcript|show notes)$|^(?:hosts?|guests?|recorded|runtime|produced by)\s*:",
        # a video description's and a social post's furniture: merch links, a line of hashtags,
        # the plea to comment and subscribe, a reply's header
        r"^(?:merch|shop|store|my gear|gear|socials?)\s*:|^(?:#\w+\s*){2,}$"
        r"|\blet (?:me|us) know (?:[\w'’]+ ){0,4}in the comments\b|\blike and subscribe\b"
        r"|\bhit the bell\b"
        # a paste's or a post's byline and its sharing terms: "a rentry by dreamparade · part
        # of the watch-along", "a write-up by @noor", "Feel free to copy this, just link back"
        r"|^(?:an?|my|this) (?:rentry|paste(?:bin)?|gist|post|thread|write-?up|notes?|doc"
        r"|zine|blog post|explainer) by @?[\w.-]+(?:\s*[·•|,(]|$)"
        r"|\bfeel free to (?:copy|share|repost|reuse|steal|link to) (?:this|it|these)\b"
        r"|\bjust (?:link|credit) (?:back|me)\b"
        # a club's or a series' notice of what comes next: "Next week: Primer. Bring snacks.",
        # "Next month: Memories of Murder. Tickets on the events page.", "Up next: Heat"
        r"|^(?:next (?:week|month|time|screening|meeting|session|film)|(?:coming )?up next"
        r"|coming next)\s*[:\u2013\u2014-]\s*(?-i:[A-Z\"\u201c*_])"
        # a social site's buttons saved with the post: "Join group", "See less", "See translation"
        r"|^(?:join group|see (?:less|more|translation)|view (?:more|previous) comments)$"
        r"|\bfollow (?:me )?for more\b|^replying to @\w+"
        # a social post's header: "Rowan Hale @rowanwatches · Jun 8, 2025", "@dpfilms · 3h",
        # a fediverse one "Noor Haddad @noor@mastodon.film Mar 2, 2025, 19:04"
        r"|^(?:[^@\n]{1,40}\s)?@\w{1,30}\s*[·•]\s*[\w ,.]{1,20}$"
        r"|^(?:[^@\n]{1,40}\s)?@\w{1,30}@[\w-]+(?:\.[\w-]+)+(?:\s*[·•]?\s*[\w ,.:]{1,30})?$",
        # a Q&A or database page's feedback and edit links: "Was this helpful? · Report this"
        r"^was this (?:article |page |story |post )?(?:helpful|useful)\b|^was this answer helpful\b"
        r"|^(?:report this|suggest an edit)\b|^(?:give|send|leave) (?:us )?(?:your )?feedback$"
        r"|^contribute to this page$|\btalk \(\d+\)|^main menu\b|^like (?:this )?review\b",
        # a consent wall's lines and buttons
        r"\bwe value your privacy\b|\bour \d+ partners\b|\b\d+ partners\b.{0,60}\bcookies\b"
        r"|\bpersonali[sz]ed (?:advertising|ads) and content\b"
        r"|^(?:i accept|i agree|accept|agree|disagree|reject all|more options|customi[sz]e)$",
    )
]
# The same furniture in the other languages explainers come in (French, Spanish, Italian,
# Portuguese, German): a byline and date, reading time, share and comment buttons, related
# links, copyright and cookie lines, a spoiler warning.
_FOREIGN_LINE_RULES = [
    re.compile(pattern, re.I)
    for pattern in (
        # A Korean post's series box: "브런치북 다시 보는 한국 영화 06화" (the book, its episode)
        r"^(?:브런치 ?북|매거진|연재)\s.{1,60}?\d{1,3}화$",
        # A site's messaging channel, in any language: "Join our WhatsApp channel", "திரைமுரசு
        # வாட்ஸ்அப் சேனலில் இணையுங்கள்", "کانال تلگرام ما را دنبال کنید" (a story's characters
        # message each other, never a channel)
        r"(?:whatsapp|telegram|வாட்ஸ்\s?அப்|டெலிகிராம்|व्हाट्सएप|व्हॉट्सऐप|टेलीग्राम"
        r"|واتس[\u200c ]?اپ|تلگرام|واتساب|تيليجرام|텔레그램)\s?.{0,30}?"
        r"(?:channel|kanal|kanava|chaîne|canal|canale|சேனல|चैनल|채널)"
        r"|(?:channel|kanal|chaîne|canal|canale|کانال|قناة) (?:on |در |على )?"
        r"(?:whatsapp|telegram|تلگرام|واتساب)",
        r"^(?:publié|mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato"
        r"|veröffentlicht|aktualisiert"
        # Icelandic, Bosnian/Croatian/Serbian, Russian: "Birt 3. febrúar 2019 · …"
        r"|birt|uppfært|objavljeno|a[žz]urirano|објављено|опубликовано|обновлено)\b.{0,80}$",
        # a Russian platform's counters and plea: "38 тыс. прочтений", "ставьте лайк и
        # подписывайтесь на канал"
        r"\d[\d,.]*\s*(?:тыс\.?|млн\.?)?\s*(?:прочтени[йея]|просмотр(?:ов|а)?)(?![^\W\d])"
        r"|ставьте лайк|(?:подписывайтесь|подпишитесь) на (?:канал|нас)",
        r"^(?:par|por|di|von|door) (?-i:[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){0,3})\b(?=.{0,120}$)"
        r"(?!.*[.!?\"”»]$)",
        r"\b(?:temps de lecture|tiempo de lectura|tempo di lettura|tempo de leitura|lesezeit"
        r"|leestijd|läsningstid|lästid|læsetid|lesetid)\b"
        r"|^lecture\s*:\s*\d",
        r"^(?:partager|partagez|compartir|comparte|compártelo|condividi|teilen|compartilhe"
        r"|deel dit|delen|dela"
        # Norwegian, Danish, Swedish, Polish, Russian: "Del artikkelen: Facebook X E-post"
        r"|del (?:artikkelen|artiklen|saken|denne(?: artikkelen| artikel)?)"
        r"|dela (?:artikeln|inlägget)|udostępnij|поделиться)\b"
        r".{0,60}$",
        r"^\W*(?:publicidad|publicité|pubblicità|publicidade|anzeige|werbung"
        r"|annonse|annons|annonce|reklame|reklam|advertentie|reklama|реклама)\W*$",
        r"^(?:à lire aussi|lire aussi|sur le même sujet|te puede interesar|lee también"
        r"|leggi anche|lesen sie auch|leia também|artículos relacionados|articles similaires)\b",
        r"\b(?:tous droits réservés|todos los derechos reservados|tutti i diritti riservati"
        r"|alle rechten voorbehouden"
        r"|alle rechte vorbehalten|todos os direitos reservados|mentions légales|aviso legal"
        r"|política de cookies)\b",
        r"^(?:répondre|responder|rispondi|antworten|accueil|inicio|buscar|rechercher)$"
        r"|^\d+ (?:commentaires?|comentarios?|commenti|kommentare|comentários?)\b"
        # Turkish and Indonesian: "3 Yorum", "Komentar (2)", "Yanıtla", "Balas"
        r"|^\d+ (?:yorum|komentar)\b|^(?:yorumlar|komentar)\s*\(?\d*\)?$"
        r"|^(?:yan[ıi]tla|cevapla|balas)$"
        r"|^(?:laisser|deja|dejar|lascia|hinterlasse|deixe)\w* (?:un|una|einen|um) "
        r"(?:commentaire|comentario|commento|kommentar|comentário)"
        r"|\b(?:votre adresse (?:e-)?mail ne sera pas publiée|tu dirección de correo)",
        r"\b(?:ce site utilise des cookies|utilizamos cookies|este sitio (?:web )?utiliza cookies"
        r"|questo sito utilizza|verwendet cookies)\b|^tout accepter$",
        r"^\W*(?:attention|cuidado|atención|attenzione|achtung|alerta|aviso|let op|waarschuwing)"
        r"\b.{0,100}\bspoil"
        r"|\b(?:contient|contiene|contém|enthält|bevat) (?:des |de |)?"
        r"(?:spoilers?|divulgâchages?)\b"
        # a warning that says what it gives away, not "spoiler": "cet article révèle la fin"
        r"|\b(?:révèle|dévoile|revela|rivela|verrät)\w* (?:la fin|le dénouement|el final"
        r"|il finale|o final|das ende)\b|\bne lisez pas la suite\b|\bno sigas leyendo\b"
        # "cet article révèle toute l'intrigue et la fin": the whole plot, then the ending
        r"|\b(?:révèle|dévoile|revela|rivela|verrät)\w* (?:toute |toda |tutta |die ganze )?"
        r"(?:l['’]intrigue|la trama|el argumento|a trama|die handlung)\b"
        # "Ojo: esta nota cuenta todo", "cet article raconte tout": it tells the whole film
        r"|\b(?:nota|art[íi]culo|texto|post|article|articolo|artigo|artikel) (?:lo )?"
        r"(?:cuenta|revela|raconte|dévoile|racconta|rivela|conta|verrät) (?:tout|todo|tutto)\b"
        r"|\bnon continuate a leggere\b|\bnicht weiterlesen\b",
        # "suscríbete al boletín", "abonnez-vous", "inscreva-se": a newsletter's call
        r"\b(?:suscr[íi]bete|suscr[íi]base|abonnez-vous|abonne-toi|inscrivez-vous|iscriviti"
        r"|abonniere|abonnieren sie|inscreva-se|assine (?:a|j[áa])|abonneer)\b",
        # memberships and tip jars
        r"\badhésion\s*:|\bdevenez (?:membre|adhérent)|\bsoutenez[- ]nous\b|\bhazte socio\b"
        r"|\bmitglied werden\b|\bdiventa socio\b|\bseja (?:membro|sócio)\b",
        # Hindi, Japanese, Korean and Chinese sites: "read also", an ad slot, "breaking", "most
        # read", views and reading time, rights reserved, follow/subscribe calls, comments
        r"^\W*(?:यह भी पढ़ें|ये भी पढ़ें|इसे भी पढ़ें|और पढ़ें|あわせて読みたい|合わせて読みたい"
        r"|関連記事|こちらもおすすめ|おすすめ記事|관련\s?기사|함께 (?:보면|읽으면) 좋은"
        r"|추천 기사|相关阅读|相關閱讀|延伸阅读|延伸閱讀|推荐阅读|推薦閱讀|相关文章|相關文章"
        # a review site's lists of other reviews: "热门影评 · · ·", "X的更多影评 (全部 2117 条)"
        r"|热门影评|熱門影評|热门短评|熱門短評|猜你喜欢|猜你喜歡|相关推荐|相關推薦"
        # a WeChat account's past posts and what readers of this one liked
        r"|往期(?:推荐|推薦|回顾|回顧|精选|精選|文章)|精彩推荐|精彩推薦|喜欢此内容的人还喜欢)"
        r"|^\W*.{0,30}的更多(?:影评|影評|短评|短評|书评|書評)",
        r"^\W*(?:विज्ञापन|広告|광고|广告|廣告|ब्रेकिंग|速報|속보)\W*$"
        r"|^\W*(?:ट्रेंडिंग|많이 본 기사|人気記事|热门文章|熱門文章)",
        r"(?:조회수?|閲覧数|阅读量|閱讀數?)\s*[:：]\s*[\d,]+|\d+\s?(?:मिनट में पढ़ें|分で読め|분 읽기)",
        r"सर्वाधिकार सुरक्षित|無断(?:転載|複製)|무단\s?(?:전재|배포)|版权所有|版權所有",
        r"(?:गूगल न्यूज़?|गूगल न्यूज) पर फॉलो|हमें फॉलो करें|सब्सक्राइब करें|読者(?:登録|になる)"
        r"|구독(?:하기| 신청)|^(?:コメントを書く|댓글\s*\(?\d+\)?|टिप्पणी करें)",
        # Turkish: cookies, a byline with reading time, rights, "you may also like"
        r"\b[çc]erez(?:ler)?\s+kullan|\b[çc]erez politikas|^yazar\s*:\s*\S.{0,80}$"
        r"|\bokuma s[üu]resi\b|\bt[üu]m haklar[ıi] sakl[ıi]d[ıi]r\b"
        r"|^\W*(?:ilginizi [çc]ekebilir|bunlar[ıi] da okuyun|benzer yaz[ıi]lar"
        r"|ayr[ıi]ca bak[ıi]n)\b",
        # Indonesian: cookies, the pager of a split article, "follow us on Google News", rights
        r"\bkami menggunakan cookie\b|^halaman\s*:?\s*(?:\d+\s*)+(?:lihat semua|selanjutnya)?$"
        r"|^ikuti\b.{0,40}\bdi google news\b|\bhak cipta dilindungi\b",
        # Chinese: a review's useful/useless counters, a site's score
        r"^有用\s*\d+\s*没用\s*\d+$|^(?:豆瓣)?评分\s*[\d.]+$",
        # a WeChat account's furniture: "follow us" over the title, the image credit, "read the
        # original", the preview notice, the QR box, "tap 在看", the end mark and the credits
        r"^\W*点击(?:上方|蓝字)|^\W*(?:图片|圖片)(?:来源|來源)(?:于|於)?网络|侵删\W*$|^\W*阅读原文\W*$"
        r"|预览时标签不可点|微信扫一扫|关注该公众号|点个.{0,2}在看|^[-–—=~*·\s]+end[-–—=~*·\s]+$"
        r"|^(?:文字|文|撰文|作者)\s*[|｜/:：].{0,20}(?:排版|编辑|編輯)\s*[|｜/:：]",
        # a Korean blogger's greeting and sign-off: "안녕하세요, …봄이에요 :)", "공감 꾹 눌러주세요"
        r"^안녕하세요\W+.{0,30}(?:입니다|이에요|예요|에요)\W*$|공감.{0,12}(?:눌러|부탁)",
        # Greek: "follow us on Google News"
        r"^ακολουθ[ήη]στε\b.{0,40}\bgoogle news\b",
        # a site builder's badge: "Made in Framer", "Made with Webflow", "Built with Carrd"
        r"^(?:made|built|created) (?:in|with) (?:framer|webflow|carrd|wix|squarespace"
        r"|notion|super|typedream|readymag|tilda)\W*$",
        # a social post's counters and controls: "412 reposts 38 quotes 1.9K likes", "24 412
        # 1.9K Share", "Everybody can reply"
        r"^(?:\d[\d,.]*[KkMm]?\s+(?:reposts?|quotes?|likes?|retweets?|repl(?:y|ies)|bookmarks?"
        r"|views?|comments?|shares?|reblogs?|notes|reads|votes)\s*[·•|]?\s*){2,}$"
        r"|^(?:\d[\d,.]*[KkMm]?\s+){2,}(?:share|reply|repost|like|quote)?\W*$"
        r"|^(?:everybody|nobody|followers|mentioned users|people you (?:follow|mention))"
        r" can reply$",
        # a Zhihu answer's furniture: followers and views, votes, "thanks for the invite", the
        # copyright line, "edited on … IP in Beijing", the vote button's row
        r"^关注者\s*[\d,]+|被浏览\s*[\d,]+|^[\d.]+\s*[万千]?\s*人赞同了该回答$"
        r"|^(?:编辑|發布|发布|編輯)于\s*\d|\bIP\s?属地|著作权归作者所有|著作權歸作者所有"
        r"|^谢邀\W.{0,40}$|^赞同\s*[\d.]+\s*[万千]?\b",
        # a Pantip topic's like count and report button
        r"^ถูกใจ\s*\d|แจ้งลบ",
        # note.com's paid part: "ここから先は…有料パートです", "この続きをみるには"
        r"^ここから先は.{0,80}(?:有料|購入|メンバーシップ|限定)|この続きをみるには",
    )
]
# Streaming and promotion for this film or another: where to watch, rent, a free trial.
_PROMO = re.compile(
    r"\b(?:streaming|available|now showing|stream it|watch|rent|buy)\b.{0,60}\b(?:on|via|with)"
    r" (?:netflix|prime video|amazon|disney\+?|hulu|max|hbo|apple tv|peacock|paramount\+?|mubi"
    r"|criterion channel|youtube|now tv|sky)\b|\bfree trial\b|\bon (?:netflix|max|hulu|mubi)\."
    r"|\b\d+ days? free\b",
    re.I,
)
# A sender's postal address, as newsletters must print it: "Second Reel, 14 Harbour Lane, Bristol".
_ADDRESS = re.compile(
    r"^[^.!?]{0,60}, \d{1,5}[A-Za-z]? (?:[A-Z][\w'’-]+ ){1,3}(?:Lane|Street|St|Road|Rd|Avenue|Ave"
    r"|Way|Place|Square|Boulevard|Blvd|Court|Row|Terrace)\b,? [^.!?]{0,60}$"
    # a US mailing address on its own line: "228 Park Ave S, #45872, New York, NY 10003"
    r"|^\d{1,5}[A-Za-z]? (?:[A-Z][\w'’.-]* ){1,4}(?:Lane|Street|St|Road|Rd|Avenue|Ave|Way|Place"
    r"|Square|Boulevard|Blvd|Court|Drive|Dr|Suite|Ste)\b\.?(?: [NSEW]{1,2}\b)?,[^.!?]{0,60}"
    r"\b[A-Z]{2} \d{5}(?:-\d{4})?\b[^.!?]{0,30}$"
)
# A navigation strip written out as text: "Home | Movies | Lists", "Culture | Film".
_NAV_STRIP = re.compile(r"^[\w&' ]{1,20}(?:\s*[|·›»/]\s*[\w&' ]{1,20}){1,8}$")
# An author bio: "Dana Okafor writes about horror…", "Ruth Calder has written about…".
# A character does things too ("Theodore writes other people's love letters"): a writer's bio
# writes about or for something.
_BIO = re.compile(
    r"^(?:[A-Z][\w.'’-]+ ){1,3}(?:(?:writes|has written|has been writing) (?:[a-z]+ly "
    r"|(?:essays|criticism|reviews|columns|features|fiction|books|extensively|widely) )?"
    r"(?:about|for|on)\b|(?:covers|teaches) (?:[\w-]+ ){0,2}(?:for|at|in)\b|reviews films"
    r"|is an? (?:[\w-]+ ){0,3}(?:writer|critic|journalist|editor|contributor|reporter|blogger"
    r"|freelancer|filmmaker|film-maker))\b"
)
# Captions name the picture and credit it: "Emma Stone in La La Land. Photograph: Lionsgate".
_CAPTION_RULES = [
    re.compile(pattern, re.I)
    for pattern in (
        # "Photo: Lionsgate"; never "mirror images: two boys…", whose word is the sentence's
        r"(?:^|\b(?-i:(?=[A-Z])))(?:photograph|photo|image|picture|still|credit|illustration)s?"
        r"\s*:\s*\S",
        r"\b(?:getty images|alamy|allstar|shutterstock|ap photo|reuters|everett collection)\b",
        # The same credit under a picture in other languages: "Kuva: Sami Kuokkanen / Aamu
        # Film", "Foto: Zeyno Film", "Fotoğraf: …", "사진 출처: …", "عکس: …", "படம்: …" (a line of
        # its own: the word opens it and little follows)
        r"^(?:foto|fotó|fot\.|kuva|kuvat|bild|billede|bilde|zdjęcie|fotoğraf|resim|фото|снимка"
        r"|imagen|immagine|imagem|ảnh|gambar|φωτογραφία|תמונה|צילום|صورة|عکس|படம்|사진(?: 출처)?"
        r"|写真|图片|圖片|ภาพ)\s*[:：]\s*\S.{0,80}$",
        r"\((?:photo|image|credit)[^)]*\)\s*$",
        # "Michael Keaton as Riggan Thomson in "Birdman." (Fox Searchlight)": who plays whom in
        # what, then the picture's credit.
        r"^(?-i:(?:[A-Z][\w.'’-]+ ){1,3}as (?:[A-Z][\w.'’-]+ ?){1,4})(?:,? in .{1,80}?)?[.”\"']*"
        r"\s*\((?-i:[A-Z])[^()]{1,40}\)\s*$",
    )
]
# An opening paragraph that describes the article instead of the film: "A complete breakdown…".
_SELF_DESCRIPTION = re.compile(
    r"\b(?:this|our) (?:article|piece|guide|breakdown|explainer|post|feature)\b|\bour editors\b"
    r"|\b(?:scene-by-scene|complete|full|in-depth) (?:breakdown|guide|explainer)\b"
    r"|\bwe(?:'ll|’ll| will)? (?:explain|break down|unpack|dig into|look at|examine|weigh)\b"
    r"|^here(?:'s|’s| is) (?:what|how|everything|why)\b|\. here(?:'s|’s| is) (?:what|how|why)\b",
    re.I,
)
_WHERE_TO_WATCH = re.compile(
    r"^where to (?:watch|stream)\b"
    r"|\bwhere (?:can|do|should) (?:i|you|we) (?:watch|stream|rent|buy)\b"
    r"|\bhow (?:can i|do i|to) (?:watch|stream)\b|\bis .+ (?:on|streaming on) "
    r"(?:netflix|prime|disney|hulu|max|hbo|apple tv|peacock|paramount)\b",
    re.I,
)


# A box whose class says it warns: "spoiler-banner", "alert-warning", "notice".
_WARNING_BOX = re.compile(r"spoil|warn|alert|notice|caution")


def _warns(tag: Tag) -> bool:
    """A box that only warns of spoilers, no link or heading in it."""
    if tag.find(["a", "h1", "h2", "h3", "h4", "h5", "h6"]) is not None:
        return False
    text = " ".join(tag.get_text(" ").split())
    return bool(text) and is_spoiler_warning(text)


def is_spoiler_warning(text: str) -> bool:
    """A line that only warns of spoilers ("Spoilers ahead!", "SPOILERS BELOW"); a spoiler
    box's question ("Spoiler: how does it end?") heads its answer instead."""
    if len(text) > _SHORT or ends_as_question(text.rstrip()):
        return False
    return bool(_WARNING.search(text)) and is_chrome_line(text)


# "Spoilers ahead: Hanna shoots McCauley." — the warning, then the text it warns of.
_WARNING_LEAD = re.compile(
    r"^(?P<warning>[^:.!?]{0,60}\bspoil[^:.!?]{0,60}[:.!—–]+)\s+(?P<rest>\S.*)$", re.I | re.S
)
_MIN_AFTER_WARNING_WORDS = 3


def text_after_warning(text: str) -> str | None:
    """What a paragraph that opens with a spoiler warning goes on to say, if anything."""
    match = _WARNING_LEAD.match(text.strip())
    if match is None or not is_chrome_line(match["warning"]):
        return None
    rest = match["rest"].strip()
    if len(rest.split()) < _MIN_AFTER_WARNING_WORDS or is_chrome_line(rest):
        return None
    return rest


# Every rule above, each behind the screen of the text it cannot match without (screens.py):
# most lines of prose are ruled out by one scan before any of them is searched.
_ANY_RULE = AnyRule(
    searched=(*_LINE_RULES, *_FOREIGN_LINE_RULES, *_CAPTION_RULES, _PROMO),
    matched=(_NAV_STRIP, _BIO, _ADDRESS),
)


# A shared chat's notice, longer than a line of furniture usually is: "This is a copy of a chat
# between Claude and Dana. Content may include unverified or unsafe content…"
_LONG_NOTICE = re.compile(r"this is a copy of a chat between claude and\b", re.I)


def is_chrome_line(text: str) -> bool:
    if BBS_SYSTEM_LINE.match(text):
        return True  # "※ 發信站: 批踢踢實業坊(ptt.cc), 來自: …": the board's line, not the post's
    if _REFERENCE.match(text):
        return False  # a source's entry whose outlet says "Newsletter" or "Share" is no box
    if len(text) > _SHORT:
        return bool(_BIO.match(text) or _LONG_NOTICE.match(text)) and len(text) < 2 * _SHORT
    # Vowel signs between letters ("फिल्म", Thai, Bengali) are no \w: they are skipped here.
    letters = (
        text
        if text.isascii()
        else "".join(char for char in text if not unicodedata.category(char).startswith("M"))
    )
    if not re.search(r"[^\W\d]{2}", letters):
        return True  # "1.2K", "14", "•••": counters and dividers, no words
    if _ANY_RULE.matches(text):
        return True
    # A notice in parentheses is the notice: "(Spoilers for the whole film)", a journal's
    # cut link, as its brackets draw it.
    # ("(1999)" beside a title is its year, not a counter)
    enclosed = re.fullmatch(r"\(\s*([^()]+?)\s*\)", text)
    return (
        enclosed is not None
        and re.search(r"[^\W\d]{2}", enclosed[1]) is not None
        and _ANY_RULE.matches(enclosed[1])
    )


# A source list's entry: "Francis Ford Coppola, interview with Brian De Palma, Filmmakers
# Newsletter, 1974." (a person, the kind of piece, where, when)
_REFERENCE = re.compile(
    r"^(?-i:[A-ZÀ-Þ][\w.'’-]+(?: [A-ZÀ-Þ][\w.'’-]+){0,3}), (?:an? |the )?(?:interview|review"
    r"|essay|commentary|article|profile|conversation|column|letter|lecture)s?\b"
    r".{3,160}\b(?:1[89]|20)\d\d\)?\.?$",
    re.I,
)


# A photo credit run on to the text it sits beside: "…Pike in Gone Girl. Photograph: Merrick
# Morton/Fox. The media circus…", "The cool girl monologue Photo: Merrick Morton/Fox".
_CREDIT = re.compile(
    r"\(?\b(?-i:(?=[A-Z]))(?:photograph|photo|image|picture|still|credit|illustration)s?\s*:\s*"
    r"[^.()\n]{1,80}?(?:\)|\.(?=\s+[A-Z])|\.?$)",
    re.I,
)
_CAPTION_BEFORE = re.compile(r"^[^.!?]{0,150}[.!?]?\s*$")


def strip_credits(block: Block) -> Block | None:
    """The block without a glued caption and credit; None when nothing else is left."""
    match = _CREDIT.search(block.text)
    if match is None:
        return block
    before, after = block.text[: match.start()], block.text[match.end() :]
    if block.is_heading and not before.rstrip().endswith((".", "!")):
        text = before  # "The cool girl monologue Photo: …": a heading with a credit run on
    elif _CAPTION_BEFORE.match(before):
        text = after  # the caption that the credit closes is furniture too
    else:
        text = before + after
    text = " ".join(text.split())
    return block.with_text(text) if re.search(r"\w", text) else None


# Headings of boxes that are not the article: what to read next, comments, trending lists.
_CHROME_HEADING = re.compile(
    r"^(?:you (?:may|might) also (?:like|enjoy)|more from\b|recommended\b|related\b"
    r"|read (?:more|next)|also read|read also|don['’]t miss"
    r"|trending\b|popular\b|most (?:read|popular|viewed|shared|emailed)\b|explore more\b"
    r"|more (?:on|about) (?:this|these) (?:topics?|stor(?:y|ies))\b|comments?\b"
    r"|\d+ (?:comments?|responses|thoughts)\b"
    r"|\d+ (?:comentarios?|comentários?|commentaires?|commenti|kommentare)$"
    # readers' replies counted after their word: Medium's "Responses (23)", "Replies (4)"
    r"|(?:responses|replies)\s*\(\d[\d,.]*[km]?\)$"
    # a platform's card for the publication or writer under a story: "Published in Cinemaniac"
    r"|published in\b(?!.{60})"
    r"|you(?:'ve|’ve| have) read \d+ (?:free )?articles?\b"
    r"|leave a (?:reply|comment)|share this\b|about the author\b|written by\b|contents$"
    r"|table of contents"
    # a platform's boxes under a story: "More stories from … and writers in …", "About the
    # Creator", "Reader insights"; a forum's "Who is online"
    r"|more (?:stories|posts|articles|reads) (?:from|by|like|in)\b"
    r"|about the (?:creator|writer|blogger)\b|reader (?:insights|reactions)\b"
    r"|who(?:'s| is) online\b"
    r"|subscribe\b|newsletter\b"
    # a talk's or a letter's closing slide: what follows is the next date and the credits
    r"|(?:thanks|thank you)(?: (?:so much|for (?:reading|watching|listening|coming)))?\W*$"
    # the same boxes in other languages: related and popular posts, readers' comments
    r"|(?:à lire aussi|lire aussi|sur le même sujet|te puede interesar|lee también|leggi anche"
    r"|lesen sie auch|leia também|artículos relacionados|articles similaires)\b"
    r"|(?:benzer yaz[ıi]lar|ilginizi [çc]ekebilir|yorumlar\b|\d+ yorum\b)"
    r"|(?:berita terkait|artikel terkait|terpopuler|komentar\b|\d+ komentar\b)"
    r"|(?:热门影评|熱門影評|热门短评|熱門短評|猜你喜欢|猜你喜歡|相关推荐|相關推薦|相关阅读|相關閱讀"
    r"|推荐阅读|推薦閱讀|.{0,30}的更多(?:影评|影評|短评|短評)"
    r"|往期(?:推荐|推薦|回顾|回顧|精选|精選|文章)|精彩推荐|精彩推薦|喜欢此内容的人还喜欢))",
    re.I,
)


# Where a comment thread starts: its count or its title. What follows it is readers' replies.
# ("Leave a comment" is a button, often above a post's last lines: it starts nothing.)
_THREAD_START = re.compile(
    r"^(?:\d[\d,.]*k? (?:comments?|replies|responses)|comments?)\s*(?:\(\d+\))?$"
    # Medium's "Responses (23)": the word alone may name an essay's part, counted it is a thread
    r"|^(?:responses|replies)\s*\(\d[\d,.]*k?\)$"
    # a forum's reply to the thread: "Re: <the thread's title>"
    r"|^re:\s"
    # a copied Reddit thread's comment depth: "level 1 · MoonlitFog · 2 yr. ago"
    r"|^level \d{1,2}\b.{0,60}$"
    # an X/Threads/Bluesky post's reply, as exported under the thread: "Replying to @name"
    r"|^replying to @\w+",
    re.I,
)
# A count of comments near the top is a byline's; a thread starts after most of the article.
_THREAD_AFTER = 0.5


# Kinja's (io9, Gizmodo) "DISCUSSION" over its replies; an essay's "Discussion" is long prose.
_DISCUSSION = re.compile(r"^discussion\s*(?:\(\d+\))?$", re.I)
_MAX_REPLY_WORDS = 40


def _thread_start(blocks: Sequence[Block]) -> int:
    """Where readers' comments begin, when the text after the article is a comment thread."""
    total = sum(len(block.text) for block in blocks)
    seen = 0
    for index, block in enumerate(blocks):
        if seen > _THREAD_AFTER * total:
            text = block.text.strip()
            if _THREAD_START.match(text) or (
                block.is_heading and _DISCUSSION.match(text) and _only_replies(blocks[index + 1 :])
            ):
                return index
        seen += len(block.text)
    return len(blocks)


def _only_replies(blocks: Sequence[Block]) -> bool:
    """Short posts only: readers' replies, not an essay's closing section."""
    posts = [block for block in blocks if not block.is_heading]
    return bool(posts) and all(len(b.text.split()) < _MAX_REPLY_WORDS for b in posts)


def drop_chrome(blocks: Sequence[Block], dropped: list[str] | None = None) -> list[Block]:
    """The article without site chrome, where-to-watch entries or an about-this-article intro."""
    kept: list[Block] = []
    skipping_section = False
    repeated = _repeated_lines(blocks)
    # A chapter list or a contents box repeats the article's headings as entries: a line that
    # is a heading once, over prose, is the article's (the entries still go).
    headings = Counter(block.text for block in blocks if block.is_heading)
    headed_once = {text for text in repeated if headings[text] == 1}
    card = _fact_card(blocks)
    valediction = False  # the block before was a letter's sign-off ("Cheers,")
    thread = _thread_start(blocks)
    if dropped is not None:
        dropped.extend(block.text for block in blocks[thread:])
    blocks = blocks[:thread]
    for original in blocks:
        block = strip_credits(original)
        block = _without_greeting(block) if block is not None else None
        if (block is None or block.text != original.text) and dropped is not None:
            dropped.append(original.text if block is None else _removed(original, block))
        if block is None:
            continue
        if block.is_heading:
            # A "Where can I watch…?" question or "Where to watch" box points at the site, not
            # the film, and its answer goes stale: drop it with everything it heads. So with
            # "Trending now", "More from…" and comment threads.
            # "RELATED: Keaton and the road to the Oscars" is one pointer with its label, not
            # the title of a box: it goes alone.
            pointer = re.match(r"^[^:]{1,30}:\s+\S", block.text) is not None
            skipping_section = bool(
                _WHERE_TO_WATCH.search(block.text)
                or (_CHROME_HEADING.match(block.text) and not pointer)
            )
        label = _SPOILER_LABEL.match(block.text) if block.is_heading else None
        if label and not skipping_section and not is_chrome_line(label["rest"]):
            # "Spoiler: how does it end?" heads a spoiler box: the label is the marker.
            if dropped is not None:
                dropped.append(block.text[: label.start("rest")].strip())
            rest = label["rest"]
            kept.append(block.with_text(rest[:1].upper() + rest[1:]))
            continue
        if (
            block.is_heading
            and not skipping_section
            and _BUTTON_WORD.fullmatch(block.text.strip())
            and _prose_follows(blocks, original)
        ):
            kept.append(block)  # "Home." over a paragraph: a theme named like a menu button
            continue
        if (
            skipping_section
            or (is_chrome_line(block.text) and not _labelled_section_name(block))
            or (
                block.text in repeated
                and not _names_a_section(block)
                and not (block.text in headed_once and _prose_follows(blocks, original))
            )
            or id(original) in card
        ):
            rest = None if skipping_section else _without_warning(block)
            if dropped is not None:
                dropped.append(block.text if rest is None else _removed(block, rest))
            if rest is not None:
                kept.append(rest)
            valediction = _VALEDICTION.match(block.text) is not None
            continue
        if valediction and not block.is_heading and _SIGNED_NAME.match(block.text):
            # the name under a sign-off ("Until next Sunday," / "Jordan"): the letter's signature
            if dropped is not None:
                dropped.append(block.text)
            valediction = False
            continue
        valediction = False
        signed_off = _without_sign_off(block)
        if signed_off is not block and dropped is not None:
            dropped.append(_removed(block, signed_off))
        kept.append(signed_off)
    result = _drop_pull_quotes(_drop_self_description(kept))
    if dropped is not None:
        survivors = {id(block) for block in result}
        dropped.extend(block.text for block in kept if id(block) not in survivors)
    return result


def _labelled_section_name(block: Block) -> bool:
    """A heading naming a section beside its spoiler label ("The ending (spoilers from here
    on)"): the section's name, not a warning line to drop (the text under it is the ending's,
    and with its heading gone it ran on in the part before, at that part's level)."""
    return (
        block.is_heading
        and warns_of_spoilers(block.text)
        and named_kind(label_off(block.text), "") is not None
    )


# A letter's sign-off on its own line, and the name signed under it.
_VALEDICTION = re.compile(
    r"^(?:cheers|best|thanks|many thanks|regards|best regards|kind regards|all the best|warmly"
    r"|yours|talk soon|love|(?:until|see you|catch you) next [a-z]+)[,!.]?$",
    re.I,
)
_SIGNED_NAME = re.compile(r"^[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2}$")


_SPOILER_LABEL = re.compile(
    # (a hyphen joining a word to it is a compound, no label's mark: "Spoiler-free")
    r"^\W*(?:major |big |huge )?spoilers?(?: alert| warning)?(?!-\w)\W*\s*[:–—-]\s*"
    r"(?P<rest>\S.{2,})$",
    re.I,
)


_BUTTON_WORD = re.compile(r"(?:follow|listen|reply|like|save|home|menu)\W?", re.I)
_MIN_PROSE_AFTER = 6


def _prose_follows(blocks: Sequence[Block], heading: Block) -> bool:
    index = next(i for i, block in enumerate(blocks) if block is heading)
    after = blocks[index + 1] if index + 1 < len(blocks) else None
    return (
        after is not None
        and not after.is_heading
        and len(after.text.split()) >= _MIN_PROSE_AFTER
        and not is_chrome_line(after.text)
    )


# A spoiler warning run on to a lede ("Park moves the novel to Korea. Spoilers ahead."): the
# warning goes, the lede stays.
_WARNING = re.compile(
    r"\bspoil|\bспойлер|\byou(?:'ve|’ve| have) been warned\b"
    # a line of warning signs alone: "🚨🚨🚨", "⚠️"
    r"|^[\W_]*(?:⚠|🚨|🛑|⛔|☢|☣)[\W_]*$"
    r"|\blast chance to (?:close your eyes|look away)"
    r"|\b(?:discuss\w*|covers?|reveals?|gives? "
    r"away) (?:the )?(?:entire|whole|full|complete) (?:film|movie|plot|story)\b"
    r"|\bgives? away (?:the )?(?:whole |entire |full )?ending\b"
    r"|^(?:everything|all|what follows|the rest of (?:this|the) (?:post|piece|article))"
    r"(?: below| from here(?: on)?| after this)? gives? away\b"
    r"|\bif you (?:haven't|haven’t|have not) (?:seen|watched) (?:it|the (?:film|movie))\b",
    re.I,
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“*_(])")
_MIN_LEDE_WORDS = 12


# A post's closing sign-off after what it says: "…years ago. End of thread, thanks for reading!"
_SIGN_OFF = re.compile(
    r"^(?:(?:end of (?:the )?thread|/end|\(end\)|thanks (?:so much )?for reading"
    r"|see you next (?:week|time))\b[^.!?]{0,40}"
    # a newsletter's: "Reply and tell me what we should watch next."
    r"|(?:just )?(?:hit )?reply and (?:tell|let) (?:me|us)\b[^.!?]{0,60}"
    r"|that['’]?s (?:it|all) for (?:today|now|this (?:week|one|thread|issue)))[.!]*$",
    re.I,
)


def _without_sign_off(block: Block) -> Block:
    if block.is_heading:
        return block
    sentences = _SENTENCE_END.split(block.text)
    kept = len(sentences)
    # "That's it for this week. Reply and tell me what to watch next.": each sentence goes
    while kept > 1 and _SIGN_OFF.match(sentences[kept - 1].strip()):
        kept -= 1
    if kept == len(sentences):
        return block
    return block.with_text(" ".join(sentences[:kept]))


# A newsletter's greeting run on to its lede ("Hi friends, and welcome to the 418 new readers
# who joined this week. The Keeper (2019) is…"): the greeting goes, the lede stays.
_GREETING = re.compile(r"^(?:hi|hello|hey|hiya|greetings)\b|\bwelcome (?:to|back to) ", re.I)


def _without_greeting(block: Block) -> Block:
    """A paragraph that opens with a newsletter's greeting ("Hello again, reelers. This week…"),
    without it."""
    if block.is_heading or not _GREETING.search(block.text[:_SHORT]):
        return block
    sentences = _SENTENCE_END.split(block.text, maxsplit=1)
    if len(sentences) < 2 or not (_GREETING.search(sentences[0]) and is_chrome_line(sentences[0])):
        return block
    return block.with_text(sentences[1])


def _without_warning(block: Block) -> Block | None:
    """A paragraph that is a lede with a spoiler warning or a newsletter's greeting in it,
    without it; None when that leaves too little or other chrome."""
    if block.is_heading or not (_WARNING.search(block.text) or _GREETING.search(block.text)):
        return None
    sentences = _SENTENCE_END.split(block.text)
    rest = [
        sentence
        for sentence in sentences
        if not (
            (_WARNING.search(sentence) or _GREETING.search(sentence)) and is_chrome_line(sentence)
        )
    ]
    if len(rest) == len(sentences) or not rest:
        return None
    text = " ".join(rest)
    if len(text.split()) < _MIN_LEDE_WORDS or any(is_chrome_line(part) for part in rest):
        return None
    return block.with_text(text)


def _removed(original: Block, kept: Block) -> str:
    """The caption and credit taken off a block: its text minus what stayed."""
    text = original.text
    for part in kept.text.split():
        text = text.replace(part, "", 1)
    return " ".join(text.split()) or original.text


# A short line printed more than once (a menu above and below the article) is furniture.
_REPEAT_MAX = 120


# A film's fact card ("Release Date September 28, 2012", "Director Rian Johnson", "Runtime 118
# minutes"), as review and explainer sites box it beside the article: each line a fact's label,
# with its value after it or on the next line.
_FACT_LABEL = re.compile(
    r"^(?:release date|released|director|directed by|writers?|written by|screenplay|cast"
    r"|starring|stars|runtime|running time|run time|rating|rated|mpaa rating|studio"
    r"|distributor|genres?|main genre|budget|box office|producers?|franchise|country"
    r"|language)\b\s*:?\s*(?P<value>.*)$",
    re.I,
)
_MAX_FACT_WORDS = 12
_MIN_FACTS = 3


def _fact_card(blocks: Sequence[Block]) -> set[int]:
    """The blocks (by id) of a run of three or more short fact lines: a label alone takes the
    short line after it as its value."""
    found: set[int] = set()
    run: list[Block] = []
    labels = 0
    expects_value = False

    def close() -> None:
        nonlocal labels
        if labels >= _MIN_FACTS:
            found.update(id(block) for block in run)
        run.clear()
        labels = 0

    for block in blocks:
        text = block.text.strip()
        short = len(text.split()) <= _MAX_FACT_WORDS and not text.endswith(".")
        fact = _FACT_LABEL.match(text) if short and not block.is_heading else None
        if fact:
            run.append(block)
            labels += 1
            expects_value = not fact["value"]
        elif expects_value and short and not block.is_heading:
            run.append(block)
            expects_value = False
        else:
            close()
            expects_value = False
    close()
    return found


_ENDING_KINDS = {SectionKind.ENDING, SectionKind.FINAL_SHOT}


def _names_a_section(block: Block) -> bool:
    """ "The ending" twice (a page's own heading, and the one a spoiler warning stands for) is
    the article's structure, not furniture repeated on the page: dropped, its text would run on
    under the section before it, at that section's level."""
    return block.is_heading and named_kind(block.text, "") in _ENDING_KINDS


def _repeated_lines(blocks: Sequence[Block]) -> set[str]:
    counts: dict[str, int] = {}
    for block in blocks:
        if len(block.text) <= _REPEAT_MAX:
            counts[block.text] = counts.get(block.text, 0) + 1
    return {text for text, count in counts.items() if count > 1}


_PULL_QUOTE_REACH = 12


_WHOLLY_QUOTED = re.compile(r"^[“\"][^“”\"]+[”\"]$")
_MIN_PULL_QUOTE_WORDS = 7
_MIN_SHORT_QUOTE = 8


def _drop_pull_quotes(blocks: list[Block]) -> list[Block]:
    """A pull quote repeats a sentence of the article: keep only the article's copy."""

    def quoted_elsewhere(index: int, block: Block) -> bool:
        text = block.text.strip(" \"“”'.!?").lower()
        if block.is_heading or len(text) > 300:
            return False
        if len(text) < 20:
            # A short line set apart in its quotation marks ("“Because you let me.”") is a pull
            # quote when the text has it, marks and all, nearby; short words alone may repeat.
            quoted = block.text.strip().lower()
            if not _WHOLLY_QUOTED.match(quoted) or len(text) < _MIN_SHORT_QUOTE:
                return False
            nearby = blocks[max(0, index - _PULL_QUOTE_REACH) : index + _PULL_QUOTE_REACH + 1]
            return any(
                quoted in other.text.lower() and other.text != block.text
                for other in nearby
                if not other.is_heading
            )
        # A pull quote sits near the paragraph it repeats; looking nearby keeps this linear.
        # It may start a sentence that the text has in the middle: case does not count.
        nearby = blocks[max(0, index - _PULL_QUOTE_REACH) : index + _PULL_QUOTE_REACH + 1]
        bodies = [other.text for other in nearby if not other.is_heading]
        shapes = [text]
        words = text.split()
        if _WHOLLY_QUOTED.match(block.text.strip()) and len(words) >= _MIN_PULL_QUOTE_WORDS:
            # A pull quote set in quotation marks may open the sentence with its subject where
            # the text has a conjunction ("She cuts…" for "…, then cuts…").
            shapes.append(" ".join(words[1:]))
        return any(
            shape in other.lower() and other != block.text for shape in shapes for other in bodies
        )

    return [block for index, block in enumerate(blocks) if not quoted_elsewhere(index, block)]


# A standfirst is a sentence or two; a longer opening paragraph is the article's own prose.
_LONG_INTRO = 400


def _drop_self_description(blocks: list[Block]) -> list[Block]:
    first_heading = next((i for i, block in enumerate(blocks) if block.is_heading), len(blocks))
    return [
        block
        for index, block in enumerate(blocks)
        if index >= first_heading
        or len(block.text) > _LONG_INTRO
        or not _SELF_DESCRIPTION.search(block.text)
    ]
