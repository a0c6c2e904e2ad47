from hypothesis import settings

pytest_plugins = ["folkevalgt_shared.testing"]

# Property tests check rules, not speed: a shared CI machine can stall any single example (a first
# call that builds a holiday calendar, a busy core), and a per-example deadline would fail on that.
# Speed is measured in bench/.
settings.register_profile("folkevalgt", deadline=None)
settings.load_profile("folkevalgt")
