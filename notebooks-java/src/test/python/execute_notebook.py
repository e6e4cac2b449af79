"""Executes one notebook headlessly with nbclient and writes the executed copy.

Usage: execute_notebook.py [--allow-errors] NOTEBOOK OUTPUT KERNEL_NAME [HTML]

The notebook runs with its own directory as the working directory. The executed notebook (complete,
or up to the failing cell) is written to OUTPUT, never over NOTEBOOK, and, when HTML is given, also
rendered to that file with nbconvert's HTML exporter (images inline as data: URIs), as a browser shows
it. Exit status 1 and the cell's error on stderr when a cell fails; the kernel's startup and each cell
have 60 seconds. With --allow-errors every cell runs even after one fails (each error is kept as that
cell's output) and the exit status is 0 when all cells ran.
"""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT_SECONDS = 60


def write_html(notebook, html_path):
    # Imported here: nbconvert takes a second to load, and only some runs render HTML.
    from nbconvert import HTMLExporter

    body, _ = HTMLExporter().from_notebook_node(notebook)
    with open(html_path, "w", encoding="utf-8") as html:
        html.write(body)


def main(notebook_path, output_path, kernel_name, html_path=None, allow_errors=False):
    notebook = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=kernel_name,
        allow_errors=allow_errors,
        timeout=CELL_TIMEOUT_SECONDS,
        startup_timeout=CELL_TIMEOUT_SECONDS,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(notebook_path))}},
    )
    started = time.monotonic()
    try:
        client.execute()
        return 0
    except CellExecutionError as error:
        print(str(error), file=sys.stderr)
        return 1
    finally:
        print("%s executed in %.1f s" % (os.path.basename(notebook_path), time.monotonic() - started))
        os.makedirs(os.path.dirname(os.path.abspath(output_path)), exist_ok=True)
        nbformat.write(notebook, output_path)
        if html_path:
            write_html(notebook, html_path)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    allow = bool(arguments) and arguments[0] == "--allow-errors"
    if allow:
        arguments = arguments[1:]
    if len(arguments) not in (3, 4):
        sys.exit("usage: execute_notebook.py [--allow-errors] NOTEBOOK OUTPUT KERNEL_NAME [HTML]")
    sys.exit(main(*arguments, allow_errors=allow))
