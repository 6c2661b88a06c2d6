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


def test_label_cuts_read_through_the_index_match_lxml():
    root = parse(
        "<html><body><div class='m'><span class='l'>作者：张三 来源：新华社 编辑：李四</span></div>"
        "<span class='l'>作者：王五</span></body></html>"
    )
    cuts = [
        "substring-after(string(//span[@class='l']), '来源：')",
        "substring-before(substring-after(string(//div[@class='m']/span), '作者：'), ' 来源')",
        "substring-after(string(//span[@class='l']), '没有的标签')",
        "substring-before(substring-after(string(//span[@class='l']), '作者：'), '没有')",
        "substring-after(string(//p[@class='none']), '作者：')",
    ]
    index = _PageIndex(root, ["//span[@class='l']", "//div[@class='m']/span", "//p[@class='none']"])
    for xp in cuts:
        assert index.evaluate(root, xp) == evaluate(root, xp), xp
    assert index.evaluate(root, cuts[1]) == ["张三"]
