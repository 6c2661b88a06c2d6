"""Numeric thresholds of the engine, in one place (vocabulary and patterns live in ``rules``)."""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["LIMITS", "Limits"]


@dataclass(frozen=True, slots=True)
class Limits:
    meta_zone_blocks: int = 12       # blocks after the headline searched for the meta line
    trailer_blocks: int = 8          # blocks after the body searched for trailer credits
    inset_lookahead_blocks: int = 30    # blocks read after a 延伸阅读 heading to tell an inset box…
    inset_prose_paragraphs: int = 8     # …from the end of the text: this many prose paragraphs follow
    # -- credits (source, editor, authors) --
    credit_lines_before_body: int = 8   # short lines right before the body read as the meta line
    credit_line_chars: int = 150        # longer lines before the body are text, not credits
    lead_paragraphs: int = 3            # first paragraphs searched for 据…报道 / …电 / XX讯
    closing_paragraphs: int = 2         # last paragraphs searched for closing credits
    closing_trailer_lines: int = 4      # lines after the body searched for closing credits
    credit_paragraph_chars: int = 30    # a paragraph this short may be a credit line (转自《…》)
    credit_line_elements: int = 60      # elements of a meta line searched for a class naming source or writer
    byline_head_lines: int = 6          # lines under the headline searched for a byline
    source_agreement_bonus: float = 1.5  # per other strategy (up to 2) or <meta>/<title> naming the outlet


LIMITS = Limits()
