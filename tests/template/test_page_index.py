"""The induced path's XPath index answers exactly as lxml does, also after the page is cut."""

from __future__ import annotations

from newsarchive.extract.dom import drop_keep_tail, parse
from newsarchive.extract.xpaths import evaluate, xpath_values
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
    "//div[@class='a']/p",
    "//div[@class='a']/div",  # the class names nested divs: lxml sorts their children
    "//body/div",
    "//div[@class='a']/span[@class='a']",
    "//div//div[@class='a']",
    "//body/div[@id='x']//div",
    "//html//body/div/div",
    "//div[@class='a'][2]",  # a position: left to lxml
    "//div[@class='a']/text()",
    "string(//span)",
]


def test_tag_and_class_paths_match_lxml_before_and_after_cuts():
    root = parse(HTML)
    index = _PageIndex(root, XPATHS)
    assert "//div//div[@class='a']" in index.hits and "//div[@class='a'][2]" not in index.hits
    for xp in XPATHS[:-1]:
        assert index.evaluate(root, xp) == evaluate(root, xp), xp
    assert index.evaluate(root, "string(//span)") == ["1"]
    asked = ["//p[@class='none']", "//div[@class='a']/span"]
    assert index.values(root, asked) == xpath_values(root, asked) == ["1", "3"]
    body = root.find(".//body")
    drop_keep_tail(body.find(".//span"))  # a hit removed
    drop_keep_tail(body.find("div"))  # a hit removed with a hit inside it
    for xp in XPATHS[:-1]:
        assert index.evaluate(root, xp) == evaluate(root, xp), xp
    assert [el.text for el in index.elements(root, "//div[@class='a']")] == [None, "upper"]
