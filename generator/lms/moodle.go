package lms

import (
	"fmt"
	"html"
	"slices"
	"strconv"
	"strings"
)

// moodleXML is the post-test of a course in Moodle XML, Moodle's own
// question import format: a category per module (under the course), and
// a multichoice question per post-test question, its texts in HTML,
// the rationale with its numbered citations and references as the
// question's general feedback, each choice's feedback on the choice.
// A module's pool (pool=N) is a category of its own below the module's,
// holding the pooled questions, its description saying how many a quiz
// draws: Moodle XML imports questions, not quizzes, so the teacher adds
// N random questions from that category to the quiz.
func moodleXML(c *Course) ([]byte, error) {
	w := newXML()
	w.open("quiz")
	n := 0
	for _, m := range c.Modules {
		if len(m.Questions) == 0 {
			continue
		}
		category := "$course$/top/" + moodlePath(c.Title) + "/" + moodlePath(m.Title)
		moodleCategory(w, category, "", "")
		draw, size := 0, 0
		for _, q := range m.Questions {
			if q.Pool > 0 {
				draw, size = q.Pool, size+1
				continue
			}
			n++
			moodleQuestion(w, m, q)
		}
		if size == 0 {
			continue
		}
		info := fmt.Sprintf("<p>The pool of %s: each attempt asks %d of these %d questions. "+
			"In the quiz, add %d random questions from this category (Add, a random question, Number of random questions: %d).</p>",
			html.EscapeString(m.Title), draw, size, draw, draw)
		moodleCategory(w, category+"/"+moodlePath(fmt.Sprintf("Pool: %d of %d", draw, size)), info, strings.Trim(m.Path, "/")+"/pool")
		for _, q := range m.Questions {
			if q.Pool > 0 {
				n++
				moodleQuestion(w, m, q)
			}
		}
	}
	w.close("quiz")
	if n == 0 {
		return nil, fmt.Errorf("%s: no post-test question to export", c.Title)
	}
	return w.bytes(), nil
}

// moodleCategory writes the category the questions after it go to, with
// its description (HTML) and idnumber when given.
func moodleCategory(w *xmlWriter, path, info, idnumber string) {
	w.open("question", "type", "category")
	w.open("category")
	w.text("text", path)
	w.close("category")
	if info != "" {
		htmlText(w, "info", info)
	}
	if idnumber != "" {
		w.text("idnumber", idnumber)
	}
	w.close("question")
}

// moodlePath escapes a category name: Moodle splits category paths at
// "/" and reads "//" as a slash within a name.
func moodlePath(s string) string { return strings.ReplaceAll(s, "/", "//") }

func moodleQuestion(w *xmlWriter, m Module, q Question) {
	w.open("question", "type", "multichoice")
	w.open("name")
	name := strings.Join(paragraphs(plainText(q.Stem)), " ")
	if r := []rune(name); len(r) > 80 {
		name = string(r[:79]) + "…"
	}
	w.text("text", q.ID+": "+name)
	w.close("name")
	htmlText(w, "questiontext", q.Stem)
	why := q.Rationale
	if len(q.References) > 0 {
		why += "<ol class=\"references\">"
		for _, r := range q.References {
			why += "<li>" + r + "</li>"
		}
		why += "</ol>"
	}
	htmlText(w, "generalfeedback", why)
	w.text("defaultgrade", "1")
	w.text("penalty", "0")
	w.text("hidden", "0")
	w.text("idnumber", strings.Trim(m.Path, "/")+"/"+q.ID)
	w.text("single", strconv.FormatBool(!q.Multi))
	// Moodle shuffles every choice or none: a question with a pinned
	// choice ("All of the above") keeps the author's order.
	w.text("shuffleanswers", strconv.FormatBool(q.Shuffle && !slices.ContainsFunc(q.Choices, func(ch Choice) bool { return ch.Pin })))
	w.text("answernumbering", "ABCD")
	right, wrong := 0, 0
	for _, ch := range q.Choices {
		if ch.Correct {
			right++
		} else {
			wrong++
		}
	}
	for _, ch := range q.Choices {
		fraction := "0"
		switch {
		case ch.Correct:
			fraction = moodleFraction(100 / float64(right))
		case q.Multi && wrong > 0:
			// Choose all that apply: each wrong choice takes back its
			// share, so ticking everything scores nothing.
			fraction = moodleFraction(-100 / float64(wrong))
		}
		w.open("answer", "fraction", fraction, "format", "html")
		w.cdata("text", ch.Text)
		htmlText(w, "feedback", ch.Feedback)
		w.close("answer")
	}
	w.close("question")
}

// htmlText writes a Moodle text element holding HTML.
func htmlText(w *xmlWriter, name, html string) {
	w.open(name, "format", "html")
	w.cdata("text", html)
	w.close(name)
}

// moodleFraction writes a grade fraction as Moodle lists them: at most
// five decimals (33.33333), no trailing zeros.
func moodleFraction(f float64) string {
	s := strconv.FormatFloat(f, 'f', 5, 64)
	s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	if s == "-0" {
		return "0"
	}
	return s
}
