package oversight_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
)

// TestMonthlyReportsAreRemindedAndTheLateOnesToldOnThe21st: the offices
// that have not reported hear on the 15th and the 19th, once each; on the
// 21st the city office hears who has not reported; a report by the 20th is
// on time, one after it late.
func TestMonthlyReportsAreRemindedAndTheLateOnesToldOnThe21st(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	offices, err := w.over.Reports(w.ctx, w.Clock.Now())
	if err != nil || len(offices) != 17 {
		t.Fatalf("reporting offices: %d %v, want the 17 county offices", len(offices), err)
	}
	w.at(t, "2026-12-14 09:00")
	if got := only("report_reminder", w.check(t)); len(got) != 0 {
		t.Fatalf("reminded on the 14th: %v", kinds(got))
	}
	w.at(t, "2026-12-15 09:00")
	if got := only("report_reminder", w.check(t)); len(got) != 17 || got[0].Days != 5 {
		t.Fatalf("on the 15th: %d reminders, want 17 saying 5 days are left", len(got))
	}
	if got := only("report_reminder", w.check(t)); len(got) != 0 {
		t.Fatalf("a second check on the 15th reminded %d again", len(got))
	}
	wuhua := w.member(t, "km.wuhua.office", registry.Operator)
	if _, err := w.over.SubmitReport(w.ctx, wuhua, "完成区级目录编制", "乡镇进度不一", "督促乡镇"); err != nil {
		t.Fatal(err)
	}
	w.at(t, "2026-12-19 09:00")
	got := only("report_reminder", w.check(t))
	if len(got) != 16 || slices.ContainsFunc(got, func(e oversight.Event) bool { return e.Org == "km.wuhua.office" }) {
		t.Fatalf("on the 19th: %v, want the 16 offices but 五华区's", kinds(got))
	}
	w.at(t, "2026-12-20 23:30")
	xishan := w.member(t, "km.xishan.office", registry.Admin)
	onTime, err := w.over.SubmitReport(w.ctx, xishan, "完成", "", "")
	if err != nil || !onTime.OnTime() {
		t.Fatalf("a report at 23:30 on the 20th: %+v %v, want on time", onTime, err)
	}
	w.at(t, "2026-12-21 08:00")
	late := only("reports_late", w.check(t))
	if len(late) != 1 || late[0].Org != "km.office" || len(late[0].Late) != 15 ||
		slices.Contains(late[0].Late, "五华区人民政府办公室") || slices.Contains(late[0].Late, "西山区人民政府办公室") {
		t.Fatalf("on the 21st the city office heard %+v", late)
	}
	if again := only("reports_late", w.check(t)); len(again) != 0 {
		t.Fatal("the late ones were told twice")
	}
	panlong := w.member(t, "km.panlong.office", registry.Operator)
	r, err := w.over.SubmitReport(w.ctx, panlong, "补报", "", "")
	if err != nil || r.OnTime() {
		t.Fatalf("a report on the 21st: %+v %v, want late", r, err)
	}
}

// TestOnlyCountyOfficesReportAndWhatTheyReportIsChecked.
func TestOnlyCountyOfficesReportAndWhatTheyReportIsChecked(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	office := w.member(t, "km.wuhua.office", registry.Operator)
	for _, c := range []struct {
		by               *registry.Member
		done, prob, next string
		want             string
	}{
		{w.member(t, "km.wuhua.dept.edu", registry.Admin), "完成", "", "", govmedia.EFORBIDDEN},
		{w.member(t, "km.office", registry.Approver), "完成", "", "", govmedia.EFORBIDDEN},
		{office, "  ", "问题", "", govmedia.EINVALID},
		{office, "完成", strings.Repeat("问", 2001), "", govmedia.EINVALID},
	} {
		if _, err := w.over.SubmitReport(w.ctx, c.by, c.done, c.prob, c.next); govmedia.ErrorCode(err) != c.want {
			t.Errorf("report by %s (%s): %v, want %s", c.by.OrgCode, c.by.Role, err, c.want)
		}
	}
	if _, err := w.over.SubmitReport(w.ctx, office, "初稿", "", ""); err != nil {
		t.Fatal(err)
	}
	w.Clock.Advance(time.Hour)
	if _, err := w.over.SubmitReport(w.ctx, office, "定稿", "无", "继续"); err != nil {
		t.Fatal(err)
	}
	list, err := w.over.Reports(w.ctx, w.Clock.Now())
	if err != nil {
		t.Fatal(err)
	}
	for _, st := range list {
		if st.Office.Code == "km.wuhua.office" && (st.Report == nil || st.Report.Done != "定稿") {
			t.Fatalf("五华区's report: %+v, want the second replacing the first", st.Report)
		}
	}
}
