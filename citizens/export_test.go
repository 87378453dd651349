package citizens

// MenuButtons is menuButtons, for the layout's test.
var MenuButtons = menuButtons
