// Entry point of the `sharpness` command. Verbs are added in their own files.
return 0;
