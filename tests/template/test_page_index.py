"""The induced path's XPath index answers exactly as lxml does, also after the page is cut."""

from __future__ import annotations

from newsarchive.extract.dom import drop_keep_tail, parse
from newsarchive.extract.xpaths import elements
from newsarchive.induce.apply import _PageIndex

HTML = (
    "<html><head><title>t</title></head><body>"
    "<div class='a' id='x'><span class='a'>1</span><div class='a'>nested</div></div>"
    "<div class='a'><p>2</p><span class='a'>3</span></div><div class='b'></div>"
    "<DIV class='a'>upper</DIV><div class='a '>space</div></body></html>"
)
XPATHS = [
    "//div[@class='a']",
    "//span[@class='a']",
    "//div[@id='x']",
    "//div",
    "//html",
    "//p[@class='none']",
    "//div[@class='a']/p",  # not one step: left to lxml
    "string(//span)",
]


def test_one_step_xpaths_match_lxml_before_and_after_cuts():
    root = parse(HTML)
    index = _PageIndex(root, XPATHS)
    assert "//div[@class='a']" in index.hits and "//div[@class='a']/p" not in index.hits
    for xp in XPATHS[:-1]:
        assert index.elements(root, xp) == elements(root, xp), xp
    assert index.evaluate(root, "string(//span)") == ["1"]
    body = root.find(".//body")
    drop_keep_tail(body.find(".//span"))  # a hit removed
    drop_keep_tail(body.find("div"))  # a hit removed with a hit inside it
    for xp in XPATHS[:-1]:
        assert index.elements(root, xp) == elements(root, xp), xp
    assert [el.text for el in index.elements(root, "//div[@class='a']")] == [None, "upper"]
