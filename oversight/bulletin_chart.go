package oversight

import (
	"fmt"
	"image/color"
	"io"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"govmedia"
)

// chartBlue is the bars' colour; late milestones are drawn in red.
var (
	chartBlue = color.RGBA{R: 0x1f, G: 0x5f, B: 0xa8, A: 0xff}
	chartRed  = color.RGBA{R: 0xc0, G: 0x39, B: 0x2b, A: 0xff}
)

// ChartLabels are the texts the chart draws: its title, its axis, and a
// label per government (name and score), highest score first.
func (b *Bulletin) ChartLabels(lang govmedia.Language) (title, axis string, names []string) {
	for _, r := range b.Ranked() {
		names = append(names, r.Government.Name)
	}
	return govmedia.Print(lang, "oversight.chart_title", "title", b.Title(lang)), govmedia.Print(lang, "oversight.col.score"), names
}

// WritePNG draws the governments' scores as a bar chart, highest at the
// top, each bar with its score, in a font with Chinese glyphs. Errors:
// EINVALID when no such font is found (see FontEnv).
func (b *Bulletin) WritePNG(w io.Writer, lang govmedia.Language) error {
	fnt, err := chineseFont()
	if err != nil {
		return err
	}
	ranked := b.Ranked()
	title, axis, names := b.ChartLabels(lang)
	p := plot.New()
	styleChart(p, fnt)
	p.Title.Text, p.X.Label.Text = title, axis
	p.X.Min, p.X.Max = 0, 100
	n := len(ranked)
	values := make(plotter.Values, n)
	labels := make([]string, n)
	for i, r := range ranked { // the chart's y grows upward: the highest score goes last
		values[n-1-i] = r.Score
		labels[n-1-i] = names[i]
	}
	if n > 0 {
		if err := addBars(p, ranked, values, fnt, lang); err != nil {
			return err
		}
	}
	p.NominalY(labels...)
	height := vg.Length(1.2*float64(vg.Inch)) + vg.Length(n)*vg.Points(24)
	c := vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(8*vg.Inch, height), vgimg.UseDPI(144), vgimg.UseBackgroundColor(color.White))}
	p.Draw(draw.Crop(draw.New(c), vg.Points(10), -vg.Points(14), vg.Points(6), -vg.Points(6)))
	_, err = c.WriteTo(w)
	return err
}

func styleChart(p *plot.Plot, fnt font.Font) {
	size := func(pt float64) font.Font { f := fnt; f.Size = vg.Points(pt); return f }
	p.Title.TextStyle.Font = size(14)
	p.Title.Padding = vg.Points(8)
	p.X.Label.TextStyle.Font = size(11)
	p.X.Tick.Label.Font = size(10)
	p.Y.Tick.Label.Font = size(11)
	p.Legend.TextStyle.Font = size(10)
	p.Add(plotter.NewGrid())
}

// addBars draws a bar per government, red where a milestone was missed,
// with its score at the bar's end.
func addBars(p *plot.Plot, ranked []RankedFigures, values plotter.Values, fnt font.Font, lang govmedia.Language) error {
	n := len(ranked)
	legend := map[bool]bool{}
	for i := range ranked {
		one := make(plotter.Values, n)
		one[n-1-i] = values[n-1-i]
		bar, err := plotter.NewBarChart(one, vg.Points(16))
		if err != nil {
			return err
		}
		bar.Horizontal, bar.LineStyle.Width, bar.Color = true, 0, chartBlue
		late := ranked[i].MilestonesLate > 0
		if late {
			bar.Color = chartRed
		}
		p.Add(bar)
		if !legend[late] {
			legend[late] = true
			key := "oversight.chart_on_time"
			if late {
				key = "oversight.chart_late"
			}
			p.Legend.Add(govmedia.Print(lang, key), bar)
		}
	}
	xys := make(plotter.XYs, n)
	texts := make([]string, n)
	for i, v := range values {
		xys[i], texts[i] = plotter.XY{X: v, Y: float64(i)}, fmt.Sprintf("%.1f", v)
	}
	labels, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
	if err != nil {
		return err
	}
	for i := range labels.TextStyle {
		labels.TextStyle[i].Font = fnt
		labels.TextStyle[i].Font.Size = vg.Points(10)
		labels.TextStyle[i].YAlign = draw.YCenter
	}
	labels.Offset = vg.Point{X: vg.Points(4)}
	p.Add(labels)
	return nil
}
