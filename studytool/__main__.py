"""Allow `python -m studytool`."""

from studytool.cli import main

if __name__ == "__main__":
    main()
