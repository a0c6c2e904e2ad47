from folkevalgt_devstack.cli import main

main()
