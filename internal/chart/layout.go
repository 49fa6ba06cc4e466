package chart

import (
	"fmt"
	"math"
)

// The drawing's measures, in user units. A row is rowPitch high: its bar
// is centred in it, and its text sits on a baseline 0.35 em below the
// middle, which centres Arabic and Latin text alike closely enough.
//
// Across, from the start edge (the right one, right to left): pad, the
// label column, labelGap, the bar area, and the value column, the widest
// value plus valueGap, then pad. The longest bar spans the bar area and
// its value fills the value column; shorter bars' values follow their end.
const (
	fontSize  = 16
	rowPitch  = 28
	barHeight = 18
	baseline  = 19.6 // rowPitch/2 + 0.35*fontSize
	pad       = 4
	labelGap  = 10
	valueGap  = 4
	minSliver = 3 // the shortest bar of a value above 0

	labelShare  = 0.45 // the most of the width the label column takes
	minBarShare = 0.2  // the least of the width the bar area must keep
)

// layout places a chart's parts. Positions across are in tenths of a user
// unit, so that rounding happens once, here, and every bar shares its start
// exactly.
type layout struct {
	width, height int // user units
	labelX        int // where every label starts
	barX          int // where every bar starts
	rows          []row
}

type row struct {
	label  string // the label, cut to fit its column
	bar    int    // the bar's length, 0 for no bar
	valueX int    // where the value starts
}

// lay measures the labels and values and places every row, from the start
// edge: x below are positions from it, which write mirrors right to left.
func lay(c checked) (layout, error) {
	l := layout{width: c.width, height: len(c.rows) * rowPitch, rows: make([]row, len(c.rows))}
	maxEm := math.Floor(labelShare*float64(c.width)) / fontSize
	labelEm, valueEm, maxValue := 0.0, 0.0, 0
	for i, bar := range c.rows {
		l.rows[i].label = fit(bar.Label, maxEm, c.rtl)
		labelEm = max(labelEm, width(l.rows[i].label))
		valueEm = max(valueEm, width(bar.Shown))
		maxValue = max(maxValue, bar.Value)
	}
	l.labelX = pad * 10
	l.barX = l.labelX + tenths(labelEm*fontSize) + labelGap*10
	area := c.width*10 - l.barX - valueGap*10 - tenths(valueEm*fontSize) - pad*10
	if float64(area) < minBarShare*float64(c.width)*10 {
		return l, fmt.Errorf("chart %s: width %d is too narrow for values as wide as %q", c.id, c.width, widest(c.rows))
	}
	for i, bar := range c.rows {
		r := &l.rows[i]
		if bar.Value > 0 {
			r.bar = max(int(math.Round(float64(area)*float64(bar.Value)/float64(maxValue))), minSliver*10)
		}
		r.valueX = l.barX + r.bar + valueGap*10
	}
	return l, nil
}

// tenths rounds a length in user units up to tenths.
func tenths(units float64) int { return int(math.Ceil(units*10 - 1e-9)) }

// widest returns the widest shown value, for an error message.
func widest(rows []Bar) string {
	w, s := -1.0, ""
	for _, bar := range rows {
		if ew := width(bar.Shown); ew > w {
			w, s = ew, bar.Shown
		}
	}
	return s
}
