package bot_test

import (
	"context"
	"strings"
	"testing"

	"govmedia/oversight"
)

// TestReportSavesTheCountyOfficesMonthlyProgress: the county office's
// reviewer fills /report (problems skipped) and submits; the report is
// saved for the month with what was typed and, sent on the 23rd, said to
// be late; the city office's /report shows it sent, late, and who has not
// sent theirs; a department's operator is refused the form.
func TestReportSavesTheCountyOfficesMonthlyProgress(t *testing.T) {
	t.Parallel()
	w := newOversightWorld(t)
	w.say(w.operator, "/report")
	w.expect(w.operator.id, "月度进展只能由县级政府办公室报送")
	w.say(w.reviewer, "/report")
	w.expect(w.reviewer.id, "请填写2026年11月已完成的工作")
	w.say(w.reviewer, "完成全区26个领域目录编制")
	w.expect(w.reviewer.id, "问题和困难")
	w.say(w.reviewer, "-")
	w.expect(w.reviewer.id, "下一步工作打算")
	w.say(w.reviewer, "12月底前完成乡镇目录审核")
	w.expect(w.reviewer.id, "下一步：12月底前完成乡镇目录审核")
	w.press(w.reviewer, w.reviewer.id, "提交")
	w.expect(w.reviewer.id, "已过每月 20 日的报送期限，记为逾期")
	list, err := w.over.Reports(context.Background(), w.env.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	var got *oversight.Report
	for _, st := range list {
		if st.Office.Code == "km.wuhua.office" {
			got = st.Report
		}
	}
	if got == nil || got.Done != "完成全区26个领域目录编制" || got.Problems != "" || got.NextSteps != "12月底前完成乡镇目录审核" {
		t.Fatalf("the county office's report for the month is %+v", got)
	}
	w.say(w.approver, "/report") // the city office receives them: who has sent this month's
	seen := w.expect(w.approver.id, "2026年11月工作进展：1/17 个单位已报送")
	if !strings.Contains(seen.Text, "⚠️ 五华区人民政府办公室（2026-11-23 09:00，逾期）") || !strings.Contains(seen.Text, "⏳ 西山区人民政府办公室：未报送") {
		t.Fatalf("the city office's list of reports:\n%s", seen.Text)
	}
}
