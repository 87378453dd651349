package oversight

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"govmedia"
	"govmedia/approvals"
	"govmedia/citizens"
	"govmedia/publish"
	"govmedia/registry"
)

// Quarter is a quarter of a year, as the bulletin names it: 2026Q3.
type Quarter struct{ Year, Q int }

var quarterPattern = regexp.MustCompile(`^(\d{4})Q([1-4])$`)

// ParseQuarter reads "2026Q3". Errors: EINVALID.
func ParseQuarter(s string) (Quarter, error) {
	m := quarterPattern.FindStringSubmatch(s)
	if m == nil {
		return Quarter{}, govmedia.Errorf(govmedia.EINVALID, "oversight.bad_quarter", "value", s)
	}
	y, _ := strconv.Atoi(m[1])
	q, _ := strconv.Atoi(m[2])
	return Quarter{Year: y, Q: q}, nil
}

func (q Quarter) String() string { return fmt.Sprintf("%dQ%d", q.Year, q.Q) }

// Start is the quarter's first moment, China time; End the next one's.
func (q Quarter) Start() time.Time {
	return time.Date(q.Year, time.Month(3*(q.Q-1)+1), 1, 0, 0, 0, 0, govmedia.ChinaTime)
}

// End is the first moment after the quarter.
func (q Quarter) End() time.Time { return q.Start().AddDate(0, 3, 0) }

// Weights are how the bulletin scores a government out of 100: each share
// (0 to 1) counts with its weight, milestones met early add a bonus each
// and milestones late take a penalty each, as the seed asks (对提前完成的予以
// 加分，对未按时完成的予以扣分).
type Weights struct {
	Catalogs    float64 `json:"catalogs"`    // pilot domains with a current catalog
	Deliveries  float64 `json:"deliveries"`  // deliveries that reached their accounts
	Liveness    float64 `json:"liveness"`    // active accounts updated within the two weeks
	Interaction float64 `json:"interaction"` // citizens' questions answered
	Reports     float64 `json:"reports"`     // monthly reports on time
	Decisions   float64 `json:"decisions"`   // applications decided within the time for a step
	EarlyBonus  float64 `json:"early_bonus"`
	LatePenalty float64 `json:"late_penalty"`
}

// DefaultWeights weigh what the national checks fail an account for most.
var DefaultWeights = Weights{Catalogs: 25, Deliveries: 10, Liveness: 25, Interaction: 20, Reports: 10, Decisions: 10, EarlyBonus: 2, LatePenalty: 3}

// Figures are one government's quarter: a county's whole tree (its
// office, departments and townships), or the city's own orgs.
type Figures struct {
	Government        *registry.Org
	Accounts          registry.AccountFigures
	Active            int // active accounts at the quarter's end
	Silent            int // of which past the two weeks without an update then
	PastTwoWeeks      []Silent
	Decisions         approvals.DecisionFigures
	CatalogDomains    int // pilot domains with a current county catalog at the end
	Domains           int // the pilot domains
	Townships         int
	TownshipsComplete int // townships with a current catalog for every domain
	Deliveries        publish.DeliveryFigures
	Interaction       citizens.Health
	ReportsOnTime     int
	ReportsDue        int
	MilestonesEarly   int
	MilestonesLate    int
	Score             float64
}

// Bulletin is the quarterly bulletin (每季度予以通报): every county's
// figures, and the city's own (市本级: its departments and its office),
// scored.
type Bulletin struct {
	Quarter     Quarter
	At          time.Time // when the standing was measured: the quarter's end, or now
	Weights     Weights
	Governments []Figures // the city's own first, then the counties by code
}

// Bulletin gathers the quarter's bulletin.
func (o *Oversight) Bulletin(ctx context.Context, q Quarter) (*Bulletin, error) {
	b := &Bulletin{Quarter: q, At: o.asOf(q), Weights: o.weights}
	trees, err := o.governmentTrees(ctx)
	if err != nil {
		return nil, err
	}
	milestones, err := o.Milestones(ctx)
	if err != nil {
		return nil, err
	}
	for _, t := range trees {
		f, err := o.figures(ctx, t.gov, t.orgs, q, milestones)
		if err != nil {
			return nil, err
		}
		b.Governments = append(b.Governments, f)
	}
	return b, nil
}

// governmentTree is a government the bulletin scores and the orgs counted
// as its own.
type governmentTree struct {
	gov  *registry.Org
	orgs []string
}

// governmentTrees are the city (without its counties' trees) and each
// county with its whole tree.
func (o *Oversight) governmentTrees(ctx context.Context) ([]governmentTree, error) {
	var govs []*registry.Org
	if err := o.db.NewSelect().Model(&govs).Where("kind = ? AND level IN (?, ?)", registry.Government, registry.City, registry.County).
		OrderExpr("level = 'county', code").Scan(ctx); err != nil {
		return nil, err
	}
	out := make([]governmentTree, len(govs))
	inCounty := map[string]bool{}
	for i := len(govs) - 1; i >= 0; i-- { // counties first, so the city can leave them out
		tree, err := registry.Subtree(ctx, o.db, govs[i].Code)
		if err != nil {
			return nil, err
		}
		if govs[i].Level == registry.City {
			tree = without(tree, inCounty)
		}
		for _, c := range tree {
			inCounty[c] = true
		}
		out[i] = governmentTree{gov: govs[i], orgs: tree}
	}
	return out, nil
}

func without(list []string, drop map[string]bool) []string {
	var out []string
	for _, c := range list {
		if !drop[c] {
			out = append(out, c)
		}
	}
	return out
}

// asOf is the time a quarter's standing is measured at: its end, or now
// for the quarter under way.
func (o *Oversight) asOf(q Quarter) time.Time {
	if end := q.End(); end.Before(o.now()) {
		return end
	}
	return o.now()
}
