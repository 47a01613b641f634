export const id = 668;
export const ids = [668];
export const modules = {

/***/ 5668:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   handleApprove: () => (/* binding */ handleApprove)
/* harmony export */ });
/* harmony import */ var _control_context_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(9490);
/* harmony import */ var _control_approval_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2242);
/* harmony import */ var _control_events_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8640);



/** The "approve" command: `issues.labeled` (the `accepted` label) and `issues.edited` (voids approvals). */
async function handleApprove(context) {
    const event = (0,_control_events_js__WEBPACK_IMPORTED_MODULE_2__/* .parseEvent */ .wj)(_control_events_js__WEBPACK_IMPORTED_MODULE_2__/* .issuesEventSchema */ .cV, context.event.payload, 'issues');
    const control = await (0,_control_context_js__WEBPACK_IMPORTED_MODULE_0__/* .buildControl */ .MH)(context);
    if (event.action === 'edited')
        await (0,_control_approval_js__WEBPACK_IMPORTED_MODULE_1__/* .handleEdited */ .Qy)(control, event);
    else if (event.action === 'labeled')
        await (0,_control_approval_js__WEBPACK_IMPORTED_MODULE_1__/* .handleLabeled */ .Kx)(control, event);
    else
        context.log.info(`issues ${event.action}: nothing to approve.`);
}


/***/ })

};
