package oversight

import (
	"math"
	"sort"

	"govmedia"
)

// column is one column of the bulletin's table: its header's message key
// and its value for a government (a number, or text).
type column struct {
	key   string
	value func(f Figures) any
}

// columns are the bulletin's figures in the order the city reads them.
var columns = []column{
	{"oversight.col.government", func(f Figures) any { return f.Government.Name }},
	{"oversight.col.opened", func(f Figures) any { return f.Accounts.Opened }},
	{"oversight.col.changed", func(f Figures) any { return f.Accounts.Changed }},
	{"oversight.col.closed", func(f Figures) any { return f.Accounts.Closed }},
	{"oversight.col.decided", func(f Figures) any { return f.Decisions.Decided }},
	{"oversight.col.median_decision", func(f Figures) any { return round1(f.Decisions.MedianHours) }},
	{"oversight.col.catalog_domains", func(f Figures) any { return f.CatalogDomains }},
	{"oversight.col.catalog_share", func(f Figures) any { return percent(f.CatalogDomains, f.Domains) }},
	{"oversight.col.townships_complete", func(f Figures) any { return fraction(f.TownshipsComplete, f.Townships) }},
	{"oversight.col.publications", func(f Figures) any { return f.Deliveries.Publications }},
	{"oversight.col.delivery_share", func(f Figures) any { return percent(f.Deliveries.Delivered, f.Deliveries.Deliveries) }},
	{"oversight.col.active", func(f Figures) any { return f.Active }},
	{"oversight.col.silent", func(f Figures) any { return f.Silent }},
	{"oversight.col.asked", func(f Figures) any { return f.Interaction.Asked }},
	{"oversight.col.answered_share", func(f Figures) any { return percent(f.Interaction.Answered, f.Interaction.Asked) }},
	{"oversight.col.median_answer", func(f Figures) any { return round1(f.Interaction.MedianAnswer.Hours()) }},
	{"oversight.col.open_past_due", func(f Figures) any { return f.Interaction.OpenPastDue }},
	{"oversight.col.reports_on_time", func(f Figures) any { return fraction(f.ReportsOnTime, f.ReportsDue) }},
	{"oversight.col.milestones_early", func(f Figures) any { return f.MilestonesEarly }},
	{"oversight.col.milestones_late", func(f Figures) any { return f.MilestonesLate }},
	{"oversight.col.score", func(f Figures) any { return round1(f.Score) }},
}

func round1(v float64) float64 { return math.Round(v*10) / 10 }

// percent is n of m as a share in percent with one decimal; with nothing
// asked, "—".
func percent(n, of int) any {
	if of == 0 {
		return "—"
	}
	return round1(100 * float64(n) / float64(of))
}

// fraction is "n/m", or "—" with nothing asked.
func fraction(n, of int) any {
	if of == 0 {
		return "—"
	}
	return govmedia.Print(govmedia.Chinese, "oversight.fraction", "n", n, "of", of)
}

// Ranked lists the governments by score, highest first (ties by name's
// order in the bulletin), with their rank (equal scores share one).
func (b *Bulletin) Ranked() []RankedFigures {
	out := make([]RankedFigures, len(b.Governments))
	for i, f := range b.Governments {
		out[i] = RankedFigures{Figures: f}
	}
	sort.SliceStable(out, func(i, j int) bool { return round1(out[i].Score) > round1(out[j].Score) })
	for i := range out {
		out[i].Rank = i + 1
		if i > 0 && round1(out[i].Score) == round1(out[i-1].Score) {
			out[i].Rank = out[i-1].Rank
		}
	}
	return out
}

// RankedFigures is a government's figures with its rank.
type RankedFigures struct {
	Figures
	Rank int
}
