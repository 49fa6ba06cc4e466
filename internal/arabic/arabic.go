// Package arabic holds the Arabic text rules shared by the whole project:
// the matching normalisation (Fold), URL slugs (Slug), CLDR plural forms
// (Noun) and Moroccan Arabic dates (Date, MonthName, WeekdayName, MonthYear).
//
// Every package that compares, indexes or displays Arabic text should go
// through these functions so that the gazetteer, the search index and the
// templates agree on one set of rules.
package arabic
