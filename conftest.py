pytest_plugins = ["folkevalgt_shared.testing"]
