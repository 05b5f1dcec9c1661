"""The table every benchmark prints: a measure, its seconds (or nothing), and notes."""


def print_table(rows):
    width = max(len(row[0]) for row in rows)
    print(f"{'measure'.ljust(width)}  {'seconds':>8}  notes")
    for name, seconds, notes in rows:
        print(f"{name.ljust(width)}  {'' if seconds is None else f'{seconds:8.2f}'}  {notes}")
