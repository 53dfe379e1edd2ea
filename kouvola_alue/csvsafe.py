"""
CSV cells that a spreadsheet would run as a formula (CSV injection, OWASP): one rule for the
public open-data CSV and for the staff's export of applications.
"""

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value):
    """
    ``value`` as CSV text; text that begins like a formula gets an apostrophe in front, which
    spreadsheets show as text and do not run. ``None`` is an empty cell.
    """
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
