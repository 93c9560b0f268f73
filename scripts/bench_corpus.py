#!/usr/bin/env python3
"""Writes N generated news-style articles (plain text with front matter) for scripts/bench.sh.

Deterministic for a given seed. Each article mixes check-worthy sentences (numbers,
dates, attributed statements) with opinion, intent and boilerplate, like real copy.
Usage: bench_corpus.py --articles 5000 --out DIR [--seed 7]
"""
import argparse, os, random

PLACES = ["Northvale", "Riverside", "Eastport", "Lakemont", "Granford", "Westbury", "Harlow", "Ashby"]
AGENCIES = ["the State Department", "the health board", "the transit authority", "the Treasury",
            "the statistics office", "the city council", "the education ministry", "the central bank"]
PEOPLE = ["Mayor Denise Hart", "Dr. Samuel Reyes", "Sen. Ada Moreno", "Gov. Paul Kim", "Minister Clara Voss",
          "Rep. Ian Marsh", "spokeswoman Jen Alvarez", "Councilmember Raj Patel"]
THINGS = ["unemployment", "inflation", "ridership", "turnout", "crime", "rents", "exports", "enrolment"]
MONTHS = ["January", "February", "March", "April", "June", "July", "August", "September", "October", "November"]
VERBS = ["rose", "fell", "climbed", "dropped", "grew", "declined"]
UNITS = ["entities", "nurses", "buses", "schools", "homes", "jobs", "troops", "clinics"]

FACTS = [
    lambda r: f"{r.choice(THINGS).capitalize()} in {r.choice(PLACES)} {r.choice(VERBS)} to {r.randint(1, 99)}.{r.randint(0, 9)}% in {r.choice(MONTHS)}, according to {r.choice(AGENCIES)}.",
    lambda r: f"{r.choice(PEOPLE)} said the region added {r.randint(2, 900):,} {r.choice(UNITS)} between {r.randint(2000, 2015)} and {r.randint(2016, 2025)}.",
    lambda r: f"The council voted {r.randint(5, 9)}-{r.randint(0, 4)} on {r.choice(MONTHS)} {r.randint(1, 28)}, {r.randint(2019, 2026)} to approve a ${r.randint(1, 9)}.{r.randint(1, 9)} billion budget.",
    lambda r: f"{r.choice(AGENCIES).capitalize()} sanctioned {r.randint(2, 80)} {r.choice(UNITS)} last month, the largest number since {r.randint(1990, 2015)}.",
    lambda r: f"The program cost ${r.randint(10, 990)} million in {r.randint(2015, 2025)}, {r.randint(2, 60)}% more than the year before.",
    lambda r: f"{r.choice(PLACES)} recorded {r.randint(100, 99999):,} {r.choice(UNITS)} in {r.randint(2010, 2025)}, up from {r.randint(100, 9999):,} a decade earlier.",
]
OTHER = [
    lambda r: f"I think {r.choice(PLACES)} deserves better than this.",
    lambda r: f"We will keep fighting for the families of {r.choice(PLACES)}.",
    lambda r: "Leave a reply.",
    lambda r: f"Follow her on Twitter for more updates from {r.choice(PLACES)}.",
    lambda r: f"Residents gathered outside the hall on a cold evening, some carrying signs about {r.choice(THINGS)}.",
    lambda r: "What happens next is anyone's guess.",
    lambda r: f"The meeting in {r.choice(PLACES)} ran late into the night and tempers flared more than once.",
]

def article(r, n):
    place = r.choice(PLACES)
    lines = ["---", f"title: {place} report {n}", f"url: https://news.example/{n}", "outlet: Example News",
             f"published: 2026-{r.randint(1, 11):02d}-{r.randint(1, 28):02d}", "---",
             f"{place} report {n}: {r.choice(THINGS)} in focus", "", f"By Staff Writer {n % 97}", ""]
    for _ in range(r.randint(6, 10)):
        sentences = [r.choice(FACTS)(r) if r.random() < 0.5 else r.choice(OTHER)(r) for _ in range(r.randint(2, 4))]
        lines += [" ".join(sentences), ""]
    return "\n".join(lines)

def main():
    a = argparse.ArgumentParser()
    a.add_argument("--articles", type=int, default=5000)
    a.add_argument("--out", required=True)
    a.add_argument("--seed", type=int, default=7)
    args = a.parse_args()
    os.makedirs(args.out, exist_ok=True)
    r = random.Random(args.seed)
    total = 0
    for n in range(args.articles):
        text = article(r, n)
        total += len(text.encode())
        with open(os.path.join(args.out, f"article-{n:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(text)
    print(total)

if __name__ == "__main__":
    main()
