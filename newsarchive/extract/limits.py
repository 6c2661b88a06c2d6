"""Numeric thresholds of the engine, in one place (vocabulary and patterns live in ``rules``)."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    meta_zone_blocks: int = 12  # blocks after the headline searched for the meta line
    trailer_blocks: int = 8  # blocks after the body searched for trailer credits
    inset_lookahead_blocks: int = 30  # blocks read after a 延伸阅读 heading to tell an inset box…
    inset_prose_paragraphs: int = 8  # …from the end of the text: this many prose paragraphs follow
    # -- body (body.py) --
    body_candidates: int = 8  # best-scoring containers weighed against their link density
    body_class_positive: float = 1.3  # a container named like a body (rules.BODY_POSITIVE)...
    body_class_negative: float = 0.6  # ...or like a sidebar, footer, share bar (BODY_NEGATIVE)
    body_whole_page: float = 0.5  # <body> itself: the text is seldom loose in it
    body_copy_chars: int = 200  # opening paragraphs this long printed again: a second copy
    body_line_holder_levels: int = 4  # inline elements a line after <br> may run out of
    body_lead_chars: int = 80  # a prose sibling right before the container this long is its lead
    body_lead_link_share: float = 0.25  # ...and no more of it linked
    body_lead_paragraphs: int = 2  # a lead is a paragraph or two, never a column of them
    body_trailing_tables: int = 2  # data tables right after the text kept with it...
    body_trailing_table_rows: int = 3  # ...holding this many rows...
    body_trailing_table_chars: int = 100  # ...and this much text (links: body_lead_link_share)
    body_headline_lines: int = 4  # a headline printed atop the text spans at most this many lines
    body_title_echo_length: float = 0.8  # a first line this long (of the headline's length)...
    body_title_echo_share: float = 0.6  # ...sharing this much of its character pairs with it
    # restates the headline with a word changed
    # -- credits (source, editor, authors) --
    credit_lines_before_body: int = 8  # short lines right before the body read as the meta line
    credit_line_chars: int = 150  # longer lines before the body are text, not credits
    lead_paragraphs: int = 3  # first paragraphs searched for 据…报道 / …电 / XX讯
    closing_paragraphs: int = 2  # last paragraphs searched for closing credits
    closing_trailer_lines: int = 4  # lines after the body searched for closing credits
    credit_paragraph_chars: int = 30  # a paragraph this short may be a credit line (转自《…》)
    credit_line_elements: int = (
        60  # elements of a meta line searched for a class naming source or writer
    )
    byline_head_lines: int = 6  # lines under the headline searched for a byline
    source_agreement_bonus: float = (
        1.5  # per other strategy (up to 2) or <meta>/<title> naming the outlet
    )
    # -- headline (title.py) --
    headline_max_chars: int = 120  # longer text is a paragraph, not a headline
    headline_min_score: float = 4.0  # prominence + agreement with <title> an element needs
    headline_coverage_weight: float = 4.0  # how much of <title> an agreeing element covers counts
    headline_block_share: float = 0.8  # a headline is (nearly) its whole line, not a fragment
    headline_min_share: float = (
        0.5  # of a title <title> and <meta> agree on, a headline line holds this much
    )
    headline_min_prominence: float = 1.5  # heading tag, title class, or bold/large/centred text
    headline_font_px: float = 16.0  # an inline font-size at least this large is prominent
    headline_scan_blocks: int = 8  # blocks after a headline searched for the meta line/body
    headline_gap_blocks: int = 3  # short lines (subtitle, author) allowed before them
    headline_gap_chars: int = 40  # what counts as short
    headline_gap_penalty: float = 0.5  # each line between them weakens the bonus
    headline_min_words: int = 6  # a dated line with fewer other characters is a meta line
    column_name_max_chars: int = 10  # a linked first <title> part this short is a column name
    prose_min_chars: int = 30  # a prose line: this long, with sentence punctuation
    meta_line_max_chars: int = 200  # a meta line (date, 来源, 作者 ...) is no longer
    # -- publication date (published.py) --
    date_line_max_chars: int = 100  # a meta line holding the date is no longer
    date_above_headline_blocks: int = 2  # a labelled meta line this close above the headline
    date_agreement_bonus: float = 1.5  # each other kind of evidence agreeing on the day adds this
    meta_line_link_share: float = 0.7  # and is not mostly links (a linked outlet is fine)
    # -- lists a script draws (pagetype.py): read only on pages with no article body --
    list_min_items: int = 8  # sibling items (or script objects) with a headline link: a list
    list_headline_min_chars: int = 8  # CJK characters of a headline (menu labels are shorter)
    list_headline_min_words: int = 4  # words of a headline without CJK
    list_item_extra_chars: int = 40  # an item's text beyond its link (a date, a column): no prose
    list_item_depth: int = 4  # levels from a link up to its item
    list_source_max_bytes: int = 2 * 1024 * 1024  # larger pages are not read again for such a list
    # Parse bounds (dom.bound_markup). libxml2 checks each attribute against the element's
    # others, so one start tag with 200k attributes takes minutes; and every element costs
    # ~0.5 KB and ~20 us through the stages, so 2M tiny elements in a 16 MiB page took 1.1 GB.
    max_attributes_per_tag: int = 64  # attributes kept per start tag (real pages: under 20)
    long_tag_chars: int = 1024  # only start tags this long are looked at for that
    max_elements: int = 250_000  # start tags parsed; over it inline tags go, then the rest is cut
    hidden_text_chars: int = 2_000_000  # hidden elements' text read one by one, then in one pass


LIMITS = Limits()
