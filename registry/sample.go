package registry

import (
	"bytes"
	"context"
	_ "embed"

	"govmedia"
)

// sampleOrgs is the Kunming org tree the product was designed on: sample
// data for tests and the sandbox, never loaded into production unasked.
//
//go:embed sample/kunming-orgs.csv
var sampleOrgs []byte

// SampleOrgs returns the sample Kunming org tree as a CSV file.
func SampleOrgs() []byte { return bytes.Clone(sampleOrgs) }

// ImportSampleOrgs loads the sample Kunming tree.
func (r *Registry) ImportSampleOrgs(ctx context.Context, actor govmedia.Actor) (ImportReport, error) {
	rows, err := ParseOrgs(bytes.NewReader(sampleOrgs), "kunming-orgs.csv")
	if err != nil {
		return ImportReport{}, err
	}
	return r.ImportOrgs(ctx, actor, rows)
}
