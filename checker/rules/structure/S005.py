from __future__ import annotations

from checker.findings import Evidence, Severity
from checker.rules import NotApplicable, Rule, register


@register
class PageWithoutText(Rule):
    """PDF 中有页面没有文字层（扫描页或整页图片），这些页的内容未被审核。

    为什么
    只有文字层能被核对。个别扫描页混在正常页面中时，整份文档看似可读，
    但这些页上的表格或说明实际上没有被检查，审核人员需要知道。

    反例
    共 30 页的 PDF，第 8–16 页（九张决算表）是扫描图片，提取不到任何文字。

    正例
    每一页都能提取到文字；或者提交的是文本、Word 文件。
    """

    code = "S005"
    name = "structure.page_without_text"
    category = "structure"
    severity = Severity.WARNING
    title = "页面无文字层"

    def check(self, doc):
        if doc.format != "pdf":
            raise NotApplicable("不是 PDF 文件")
        # pages with no text layer, or whose fonts could not be decoded ((cid:N) / U+FFFD)
        blank = [d for d in doc.diagnostics if d["code"] in ("page_without_text", "garbled_page")]
        if blank:
            pages = "、".join(str(d["page"]) for d in blank)
            yield self.finding(f"第 {pages} 页没有可用的文字层（扫描页、图片或无法解码的字体），其内容未被审核。",
                               [Evidence(text="", page=d["page"]) for d in blank],
                               expected="每页都有文字层", found=f"{len(blank)} 页无文字")
