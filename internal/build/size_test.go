package build

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/jihat/jihat"
)

// homeBudget is the theme's promise for phones on slow links: the home page
// with 20 articles listed, HTML plus CSS, before compression.
const homeBudget = 30 * 1024

func TestHomePageBudget(t *testing.T) {
	site := t.TempDir()
	regions := []string{"souss-massa", "oriental", "fes-meknes", "draa-tafilalet", "marrakech-safi"}
	facilities := []string{"dar-taliba", "womens-shelter", "child-protection-support-centre", "disability-inclusion-centre", "kindergarten"}
	for i := range 25 {
		body := fmt.Sprintf(`---
title: "افتتاح مؤسسة اجتماعية جديدة لفائدة الساكنة رقم %d في إطار برامج التعاون الوطني"
date: 2024-03-%02d
region: %s
facility_type: [%s, %s]
summary: "دشنت السلطات الإقليمية مؤسسة اجتماعية جديدة تقدم خدمات الإيواء والمواكبة والتكوين لفائدة الفئات في وضعية هشاشة بالوسط القروي."
---

نص المقال.
`, i, i%28+1, regions[i%len(regions)], facilities[i%len(facilities)], facilities[(i+1)%len(facilities)])
		p := filepath.Join(site, "content", fmt.Sprintf("a%02d.md", i))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	dest := filepath.Join(t.TempDir(), "public")
	if _, err := Build(Options{Source: site, Destination: dest, Theme: jihat.Theme}); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(dest, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	css, err := os.ReadFile(filepath.Join(dest, "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	if n := countCards(html); n != 20 {
		t.Fatalf("home lists %d articles, want 20", n)
	}
	total := len(html) + len(css)
	t.Logf("home page: %d bytes HTML + %d bytes CSS = %d bytes (budget %d)", len(html), len(css), total, homeBudget)
	if total > homeBudget {
		t.Errorf("home page HTML+CSS is %d bytes, over the %d-byte budget", total, homeBudget)
	}
	if _, err := os.Stat(filepath.Join(dest, "regions", "souss-massa", "page", "2")); err == nil {
		t.Errorf("souss-massa has 5 articles and page size 20: no page 2 expected")
	}
}

func countCards(html []byte) int {
	n := 0
	for i := 0; i+len(`class="card"`) <= len(html); i++ {
		if string(html[i:i+len(`class="card"`)]) == `class="card"` {
			n++
		}
	}
	return n
}
