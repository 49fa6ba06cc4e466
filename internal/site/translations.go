package site

import (
	"strings"

	"github.com/jihat/jihat/internal/config"
	"github.com/jihat/jihat/internal/diag"
)

// linkTranslations gives each page its alternates: the same page in the
// other languages. An article or a plain page is the same as another that
// shares its translation key; any other page is the one at the same address
// under the other language's prefix (/regions/souss-massa/ and
// /fr/regions/souss-massa/), when that language has it.
func linkTranslations(sites []*Site) diag.List {
	if len(sites) < 2 {
		return nil
	}
	var problems diag.List
	same := map[string][]*Page{}
	for _, s := range sites {
		keyed := map[string]*Article{}
		for _, p := range s.Pages {
			if p.Unlisted {
				continue
			}
			key := "u:" + strings.TrimPrefix(p.URL, s.Lang.Prefix)
			if a := p.shownArticle(); a != nil {
				key = "t:" + a.TranslationKey
				if a.TranslationKey == "" {
					key = "f:" + a.Path // made without content.Parse
				}
				if other, ok := keyed[key]; ok {
					problems.Add(a.Path, 0, 0, "this file and %s are both in %s with the translation key %q: give one of them another translation_key", other.Path, s.Lang.Name, a.TranslationKey)
					continue
				}
				keyed[key] = a
			}
			same[key] = append(same[key], p)
		}
	}
	for _, pages := range same {
		if len(pages) < 2 {
			continue // a page in one language has no alternates to name
		}
		alternates := make([]Alternate, len(pages))
		for i, p := range pages {
			alternates[i] = Alternate{Lang: p.site.Lang, URL: p.URL, page: p}
		}
		for _, p := range pages {
			p.Alternates = alternates
		}
	}
	return problems
}

// shownArticle is the article or plain page that makes the page, if any.
func (p *Page) shownArticle() *Article {
	if p.Layout == LayoutArticle && p.Article != nil {
		return p.Article
	}
	return p.Plain
}

// Menu is the menu of the graph's language: the [[menu]] links of its lang
// (the default language's are those without one). A language with none of
// its own shows the default language's links that lead to a page
// translated into it, named by that page's title. It is made with the
// site-wide lists (computeAggregates), after any title changed.
func (s *Site) Menu() []config.MenuItem { return s.menu }

func (s *Site) makeMenu() []config.MenuItem {
	var own []config.MenuItem
	for _, m := range s.Config.Menu {
		if m.Lang == s.Lang.Code || (m.Lang == "" && s.Lang.Default) {
			own = append(own, m)
		}
	}
	if len(own) > 0 || s.Lang.Default {
		return own
	}
	root := s.languages[0]
	for _, m := range s.Config.Menu {
		if m.Lang != "" && m.Lang != root.Lang.Code {
			continue
		}
		for _, p := range root.Pages {
			if p.site != root || p.URL != CleanLink(m.URL) {
				continue
			}
			if alt := p.Translation(s.Lang.Code); alt != nil {
				own = append(own, config.MenuItem{Name: alt.page.Title, URL: alt.URL, Lang: s.Lang.Code})
			}
		}
	}
	return own
}

// AllArticles are the news articles of every language, each language's
// newest first, the default language's first.
func (s *Site) AllArticles() []*Article {
	var all []*Article
	for _, ls := range s.languages {
		all = append(all, ls.Articles...)
	}
	return all
}

// AllSources are the articles and plain pages of every language.
func (s *Site) AllSources() []*Article {
	var all []*Article
	for _, ls := range s.languages {
		all = append(all, ls.Articles...)
		all = append(all, ls.Plain...)
	}
	return all
}
