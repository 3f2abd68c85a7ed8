"""Values under versioned keys (dus.cache): kept in the process as well as in the shared
cache, bounded, and read from the shared cache when this process has none."""

from django.core.cache import cache

from dus import cache as versioned


def test_it_keeps_a_value_here_and_in_the_shared_cache():
    value = {"figures": [1, 2, 3]}
    versioned.set_versioned("v:1", value, 60)
    assert cache.get("v:1") == value
    cache.delete("v:1")  # the shared cache lost it: this process still has it, unpickled
    assert versioned.get_many_versioned(["v:1"])["v:1"] is value


def test_it_reads_what_another_process_kept_and_keeps_it_here():
    cache.set("v:2", ["from another worker"], 60)
    assert versioned.get_many_versioned(["v:2", "v:missing"]) == {"v:2": ["from another worker"]}
    cache.clear()
    assert versioned.get_many_versioned(["v:2"]) == {"v:2": ["from another worker"]}


def test_it_keeps_only_the_newest_entries():
    for n in range(versioned.LOCAL_ENTRIES + 5):
        versioned.set_versioned(f"v:n{n}", n, 60)
    cache.clear()
    kept = versioned.get_many_versioned([f"v:n{n}" for n in range(versioned.LOCAL_ENTRIES + 5)])
    assert sorted(kept.values()) == list(range(5, versioned.LOCAL_ENTRIES + 5))
