"""China time for every form (core/dates.py), whatever the computer's time zone."""
import datetime as dt

from wpzf.core import dates, deadlines

LATE = dt.datetime(2026, 12, 3, 17, 30, tzinfo=dt.timezone.utc)   # 2026-12-04 01:30 in Beijing


def test_today_is_the_date_in_china_not_the_computers(monkeypatch):
    """A report made at 01:30 Beijing time was dated the day before on a computer set to UTC, while the review
    times on the same forms, stored in UTC, printed in China time."""
    monkeypatch.setattr(dates, "_utc_now", lambda: LATE)
    assert dates.china_today() == dt.date(2026, 12, 4)
    assert dates.china_now().strftime("%Y-%m-%d %H:%M") == "2026-12-04 01:30"
    assert dates.china_now().utcoffset() == dt.timedelta(hours=8)
    assert deadlines.days_left("2026-12-05") == 1   # counted from the day in China



def test_past_due_reads_a_deadline_as_text_or_date_and_none_as_no_deadline():
    today = dt.date(2021, 7, 1)
    assert deadlines.past_due("2021-06-30", today) and deadlines.past_due(dt.date(2021, 6, 30), today)
    assert not deadlines.past_due("2021-07-01", today) and not deadlines.past_due("2021-07-02T00:00:00Z", today)
    assert not any(deadlines.past_due(v, today) for v in (None, "", float("nan"), "待定"))
