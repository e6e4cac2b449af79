"""Executes one notebook headlessly with nbclient and writes the executed copy.

Usage: execute_notebook.py NOTEBOOK OUTPUT KERNEL_NAME

The notebook runs with its own directory as the working directory. The executed notebook (complete,
or up to the failing cell) is written to OUTPUT, never over NOTEBOOK. Exit status 1 and the cell's
error on stderr when a cell fails; the kernel's startup and each cell have 60 seconds.
"""
import os
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

CELL_TIMEOUT_SECONDS = 60


def main(notebook_path, output_path, kernel_name):
    notebook = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(
        notebook,
        kernel_name=kernel_name,
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
        os.makedirs(os.path.dirname(os.path.abspath(output_path)), exist_ok=True)
        nbformat.write(notebook, output_path)
        print("%s executed in %.1f s" % (os.path.basename(notebook_path), time.monotonic() - started))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: execute_notebook.py NOTEBOOK OUTPUT KERNEL_NAME")
    sys.exit(main(*sys.argv[1:]))
