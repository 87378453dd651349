package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/uptrace/bun"

	"govmedia"
	"govmedia/oversight"
	"govmedia/registry"
)

// onOversightEvent queues, inside the transaction that records the event
// as told (so that it is told once), a message to each person who must
// hear of it, in their language; the ask to confirm an account's latest
// post carries the button that opens its form.
func (b *Bot) onOversightEvent(ctx context.Context, tx bun.Tx, ev oversight.Event) error {
	members, err := oversightAudience(ctx, tx, ev.Org)
	if err != nil {
		return err
	}
	for _, m := range members {
		lang := m.Lang()
		n := noticeArgs{ChatID: m.TelegramUserID, Text: fitText(oversightText(ctx, tx, lang, ev), maxText, func() string { return tr(lang, "bot.text_cut") })}
		if ev.Kind == "confirm_update" {
			n.Label, n.Data = tr(lang, "bot.over.btn.confirm"), fmt.Sprintf("cu:%d", ev.AccountID)
		}
		if err := b.queue.InsertTx(ctx, tx, n, nil); err != nil {
			return err
		}
	}
	return nil
}

// oversightAudience are the people of the org an event is for who act on
// it — of a government, its own and its office's (a township has no
// office) — guides, who review catalogs, hear none.
func oversightAudience(ctx context.Context, tx bun.IDB, org string) ([]*registry.Member, error) {
	o, err := registry.OrgByCode(ctx, tx, org)
	if err != nil {
		return nil, err
	}
	orgs := []string{o.Code}
	if o.Kind == registry.Government {
		office, err := registry.OfficeOf(ctx, tx, o.Code)
		if err != nil {
			return nil, err
		}
		if office != nil {
			orgs = append(orgs, office.Code)
		}
	}
	var out []*registry.Member
	for _, code := range orgs {
		list, err := registry.MembersWithRole(ctx, tx, code, registry.Operator, registry.Reviewer, registry.Approver, registry.Admin)
		if err != nil {
			return nil, err
		}
		out = append(out, list...)
	}
	return out, nil
}

// oversightText is an event as its reader sees it, read through the
// event's transaction.
func oversightText(ctx context.Context, tx bun.IDB, lang govmedia.Language, ev oversight.Event) string {
	since := govmedia.FormatTime(ev.Since)
	switch ev.Kind {
	case "silent":
		unit := ""
		if a, err := registry.AccountByID(ctx, tx, ev.AccountID); err == nil {
			unit = officeNameIn(ctx, tx, a.HostOrg)
		}
		return tr(lang, fmt.Sprintf("bot.over.silent.%d", ev.Days), "account", ev.Account, "unit", unit, "days", ev.Days, "since", since)
	case "confirm_update":
		return tr(lang, "bot.over.confirm_ask", "account", ev.Account, "since", since)
	case "credentials_failing":
		return tr(lang, "bot.over.credentials_failing", "account", ev.Account, "since", since)
	case "report_reminder":
		return tr(lang, "bot.over.report_reminder", "month", monthName(lang, ev), "days", ev.Days, "due", oversight.ReportDueDay)
	case "reports_late":
		return tr(lang, "bot.over.reports_late", "month", monthName(lang, ev), "orgs", strings.Join(ev.Late, "、"), "count", len(ev.Late))
	case "milestone_reminder":
		return tr(lang, "bot.over.milestone_reminder", "title", ev.Milestone.Title, "due", ev.Milestone.DueOn.Format("2006-01-02"))
	case "milestones_late":
		return tr(lang, "bot.over.milestones_late", "title", ev.Milestone.Title, "due", ev.Milestone.DueOn.Format("2006-01-02"),
			"orgs", strings.Join(ev.Late, "、"), "count", len(ev.Late))
	}
	return tr(lang, "bot.over.unknown")
}

// monthName names the month of a report event.
func monthName(lang govmedia.Language, ev oversight.Event) string {
	return tr(lang, "bot.over.month", "year", ev.Month.Year(), "month", int(ev.Month.Month()))
}
