"""The search latency measurement's pieces (no timing is asserted: see `make bench`)."""

from benchmarks.search_latency import load_queries, percentile


def test_percentile_interpolates_between_order_statistics():
    values = [5.0, 1.0, 3.0, 2.0, 4.0]
    assert percentile(values, 0) == 1.0
    assert percentile(values, 50) == 3.0
    assert percentile(values, 100) == 5.0
    assert percentile(values, 95) == 4.8


def test_the_benchmark_times_the_query_table():
    queries = load_queries()
    assert len(queries) >= 30 and all(q["query"].strip() for q in queries)
