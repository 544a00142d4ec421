"""Text from sources, made safe for Streamlit's markdown."""

from __future__ import annotations

import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!<>|~$])")


def md(text) -> str:
    """Text from a source, made inert for st.markdown (no links, images or HTML).

    >>> md("<script>alert(1)</script> [x](javascript:alert(1))")
    '\\\\<script\\\\>alert\\\\(1\\\\)\\\\</script\\\\> \\\\[x\\\\]\\\\(javascript:alert\\\\(1\\\\)\\\\)'
    """
    return MARKDOWN_SPECIAL.sub(r"\\\1", "" if text is None else str(text)).replace("\n", " ")
