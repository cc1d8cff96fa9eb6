"""``python -m docexport`` runs the command-line interface."""

from docexport.cli import main

if __name__ == "__main__":
    main()
