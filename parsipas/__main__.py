from parsipas.cli import main

main()
